package dev.arena.threats.explain;

import dev.arena.threats.score.Score;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an analyst is told about an attacker session. {@code usernames}, {@code commands} and {@code urls} are
 * the attacker's own strings: untrusted, passed on only as data.
 *
 * @param country     ISO country code, or null when unknown or private
 * @param asn         e.g. {@code AS4134 Chinanet}, or null
 * @param eventCounts events of the session by kind (e.g. {@code login.failed}: 212)
 * @param techniques  ATT&CK technique names by id (e.g. {@code T1110}: Brute Force)
 * @param score       the session's anomaly score, or null when it was not scored
 */
public record SessionDigest(long projectId, long sessionId, String sourceIp, @Nullable String country, @Nullable String asn,
                            Instant start, Instant end, Map<String, Integer> eventCounts, Map<String, String> techniques,
                            List<String> usernames, List<String> commands, List<String> urls, @Nullable Score score) {

    public SessionDigest {
        eventCounts = Map.copyOf(eventCounts);
        techniques = Map.copyOf(techniques);
        usernames = List.copyOf(usernames);
        commands = List.copyOf(commands);
        urls = List.copyOf(urls);
    }
}
