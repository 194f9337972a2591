package dev.arena.threats.respond;

import dev.arena.threats.score.Score;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline concluded about an attacker session at one update: what a {@link Responder} decides on.
 *
 * @param sourceIp       the attacker's address as an IP literal
 * @param techniqueIds   the MITRE ATT&CK technique ids assigned to the session so far
 * @param offenderUserId the Arena user behind the session when it is one of Arena's own (a player), else null
 * @param at             when the update happened
 */
public record SessionVerdict(long projectId, long sessionId, String sourceIp, Set<String> techniqueIds, Score score,
                             @Nullable Long offenderUserId, Instant at) {

    public SessionVerdict {
        techniqueIds = Set.copyOf(techniqueIds);
    }
}
