package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;

/**
 * Linking the signed-in user's Discord account to Arena: a one-time code, shown in the console or answered by
 * {@code POST /v1/users/me/discord-link}, that the user redeems from Discord with {@code /arena link <code>}.
 * A project token is {@link dev.arena.identity.IdentityProblem.CredentialNotAllowed}: only a person links.
 */
public interface DiscordAccounts {

    /** A one-time code and until when it may be redeemed. */
    record LinkCode(String code, Instant expiresAt) {
    }

    /** A fresh code for the caller; their earlier codes stop working. */
    LinkCode newLinkCode(ArenaPrincipal caller);

    /** Removes the caller's Discord links; returns how many there were. */
    int unlink(ArenaPrincipal caller);
}
