package dev.arena.threats.explain;

import dev.arena.threats.score.Score;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deterministic summary of a session, from its counts, techniques and score only (no attacker strings,
 * so it cannot be steered by them), and the session signature analyses are cached under.
 */
final class RuleSummary {

    private RuleSummary() {
    }

    static Analysis of(SessionDigest d) {
        StringBuilder text = new StringBuilder(d.sourceIp());
        if (d.country() != null || d.asn() != null) {
            text.append(" (").append(d.country() == null ? "" : d.country())
                    .append(d.country() != null && d.asn() != null ? ", " : "").append(d.asn() == null ? "" : d.asn()).append(')');
        }
        Duration span = Duration.between(d.start(), d.end());
        text.append(": ").append(d.eventCounts().values().stream().mapToInt(Integer::intValue).sum()).append(" events over ")
                .append(span.toMinutes() > 0 ? span.toMinutes() + " min" : span.toSeconds() + " s");
        if (!d.eventCounts().isEmpty()) {
            text.append(" (").append(d.eventCounts().entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append(')');
        }
        text.append(", ").append(d.usernames().size()).append(" usernames tried, ").append(d.commands().size()).append(" commands run, ")
                .append(d.urls().size()).append(" downloads. ");
        text.append(d.techniques().isEmpty() ? "No ATT&CK technique matched." : "Techniques: " + d.techniques().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ".");
        Score score = d.score();
        if (score != null && score.warmedUp()) {
            text.append(String.format(Locale.ROOT, " Anomaly score %.2f", score.value()));
            if (!score.drivers().isEmpty()) {
                text.append(", driven by ").append(score.drivers().stream().limit(2).map(Score.Attribution::feature)
                        .collect(Collectors.joining(" and ")));
            }
            text.append('.');
        }
        return new Analysis(text.toString(), "rules", null, signature(d));
    }

    /** The session and what it contained: its techniques and event counts, hashed. */
    static String signature(SessionDigest d) {
        String content = d.sessionId() + "|" + d.techniques().keySet().stream().sorted().collect(Collectors.joining(",")) + "|"
                + d.eventCounts().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
