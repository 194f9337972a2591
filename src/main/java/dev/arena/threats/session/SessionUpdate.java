package dev.arena.threats.session;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A session the pipeline just stored, with the features a scorer reads (the fields of the contract's
 * {@code SessionFeatures}, in its order) and what a responder needs to decide.
 *
 * @param techniques     every ATT&CK technique id assigned in the session so far
 * @param offenderUserId the Arena user behind the session's events, when Arena's own events named one
 * @param at             when the session was last seen
 */
public record SessionUpdate(long projectId, long sessionId, String source, Set<String> techniques, double eventsPerMinute,
                            int distinctUsernames, int distinctPasswords, int distinctCommands, double failureRatio,
                            boolean newCountry, int downloads, long durationSeconds, @Nullable Long offenderUserId, Instant at) {
}
