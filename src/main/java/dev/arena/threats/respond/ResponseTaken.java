package dev.arena.threats.respond;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One response a policy took (or, in dry-run, would have taken) for a session, as audited in
 * {@code threat_responses}.
 *
 * @param action    {@code block-ip}, {@code stop-instance} or {@code alert}
 * @param dryRun    recorded only, not enforced
 * @param expiresAt when a block ends; null for other actions
 * @param outcome   {@code enforced}, {@code dry-run} or {@code already-blocked} (an active block covered the
 *                  address: nothing new was done)
 * @param blockId   the block made or found, for {@code block-ip}
 */
public record ResponseTaken(long id, String policy, String action, boolean dryRun, @Nullable Instant expiresAt,
                            String outcome, @Nullable Long blockId) {
}
