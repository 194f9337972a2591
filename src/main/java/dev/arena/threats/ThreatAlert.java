package dev.arena.threats;

import java.time.Instant;
import java.util.List;

/**
 * Something a security team should hear about now: published, inside the transaction that recorded it,
 * when a policy's {@code alert} action fires and whenever a policy enforces a block. Delivery is
 * at-least-once, so a listener (chat-ops) must tolerate a repeat.
 *
 * @param projectId  the project whose traffic raised it
 * @param sessionId  the attacker session it is about
 * @param sourceIp   the attacker's address
 * @param severity   {@code low}, {@code medium}, {@code high} or {@code critical}, from the policy
 * @param summary    one line for a human: what happened and what Arena did
 * @param techniques the session's MITRE ATT&CK technique ids, sorted
 * @param at         when the response was taken
 */
public record ThreatAlert(long projectId, long sessionId, String sourceIp, String severity, String summary,
                          List<String> techniques, Instant at) {

    public ThreatAlert {
        techniques = List.copyOf(techniques);
    }
}
