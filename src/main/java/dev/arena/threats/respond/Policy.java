package dev.arena.threats.respond;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One declarative response policy: when a session's verdict meets every condition given, take the action.
 * A technique condition names ATT&CK ids; a sub-technique counts for its parent ({@code T1110.001} meets
 * {@code T1110}).
 *
 * @param minScore      the anomaly score at least this (a model still warming up meets no score condition)
 * @param anyOf         at least one of these techniques
 * @param allOf         all of these techniques
 * @param duration      how long a block lasts the first time (block-ip only)
 * @param escalation    factor a repeat offender's block lasts longer each time (at least 1)
 * @param severity      of the alert it raises: low, medium, high or critical
 * @param dryRun        record what would have been done, enforce nothing
 */
record Policy(String name, @Nullable Double minScore, Set<String> anyOf, Set<String> allOf, Action action,
              @Nullable Duration duration, double escalation, String severity, boolean dryRun) {

    enum Action {
        BLOCK_IP, STOP_INSTANCE, ALERT;

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Action fromWire(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    boolean matches(SessionVerdict verdict) {
        if (minScore != null && !(verdict.score().warmedUp() && verdict.score().value() >= minScore)) {
            return false;
        }
        for (String wanted : allOf) {
            if (!has(verdict.techniqueIds(), wanted)) {
                return false;
            }
        }
        if (anyOf.isEmpty()) {
            return true;
        }
        for (String wanted : anyOf) {
            if (has(verdict.techniqueIds(), wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The conditions in words, for the audit: {@code score >= 3.0 and any of [T1110]}. */
    String rule() {
        List<String> parts = new ArrayList<>(3);
        if (minScore != null) {
            parts.add("score >= " + minScore);
        }
        if (!anyOf.isEmpty()) {
            parts.add("any of " + anyOf.stream().sorted().toList());
        }
        if (!allOf.isEmpty()) {
            parts.add("all of " + allOf.stream().sorted().toList());
        }
        return String.join(" and ", parts);
    }

    /** The policy in its file's shape ({@code when}, {@code dry-run}, durations as {@code 90m}), as {@link PolicySet#of} reads it. */
    Map<String, Object> document() {
        Map<String, Object> when = new LinkedHashMap<>();
        if (minScore != null) {
            when.put("score", minScore);
        }
        if (!anyOf.isEmpty()) {
            when.put("any-of", anyOf.stream().sorted().toList());
        }
        if (!allOf.isEmpty()) {
            when.put("all-of", allOf.stream().sorted().toList());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("when", when);
        doc.put("action", action.wireName());
        if (duration != null) {
            doc.put("duration", text(duration));
        }
        doc.put("escalation", escalation);
        doc.put("severity", severity);
        doc.put("dry-run", dryRun);
        return doc;
    }

    /** {@code 7d}, {@code 6h}, {@code 90m}, {@code 45s}: the largest unit that divides it; ISO-8601 for fractions of a second. */
    private static String text(Duration duration) {
        if (duration.toNanosPart() != 0) {
            return duration.toString();
        }
        long seconds = duration.toSeconds();
        return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3600 == 0 ? seconds / 3600 + "h"
                : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** How long a block lasts after {@code previous} earlier blocks of the same address, at most {@code cap}. */
    Duration blockDuration(int previous, Duration cap) {
        double seconds = (duration == null ? 0 : duration.toSeconds()) * Math.pow(escalation, previous);
        return seconds >= cap.toSeconds() ? cap : Duration.ofSeconds((long) seconds);
    }

    private static boolean has(Set<String> ids, String wanted) {
        if (ids.contains(wanted)) {
            return true;
        }
        for (String id : ids) {
            if (id.length() > wanted.length() && id.startsWith(wanted) && id.charAt(wanted.length()) == '.') {
                return true;
            }
        }
        return false;
    }
}
