package dev.arena.threats;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Something a security team should hear about now: published, inside the transaction that recorded it,
 * when a policy's {@code alert} action fires, whenever a policy enforces a block, and when an admin blocks an
 * address or range by hand. Delivery is at-least-once, so a listener (chat-ops) must tolerate a repeat.
 *
 * @param projectId  the project whose traffic raised it (or whose admin blocked by hand)
 * @param sessionId  the attacker session it is about; null for a block made by hand
 * @param sourceIp   the attacker's address, or the range blocked by hand
 * @param severity   {@code low}, {@code medium}, {@code high} or {@code critical}, from the policy
 * @param summary    one line for a human: what happened and what Arena did
 * @param techniques the session's MITRE ATT&CK technique ids, sorted; empty for a block made by hand
 * @param at         when the response was taken
 */
public record ThreatAlert(long projectId, @Nullable Long sessionId, String sourceIp, String severity, String summary,
                          List<String> techniques, Instant at) {

    public ThreatAlert {
        techniques = List.copyOf(techniques);
    }
}
