package dev.arena.identity.account;

import java.time.Instant;

/** A user as stored. */
public record User(long id, String email, String displayName, String passwordHash, boolean emailVerified, Instant createdAt) {
}
