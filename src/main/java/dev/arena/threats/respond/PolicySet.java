package dev.arena.threats.respond;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The response policies in force, read once from a versioned YAML file (the built-in
 * {@code threats/policies.yaml} or {@code arena.threats.response.policies-file}). Any mistake in the file
 * stops Arena at start-up with a message naming the policy and the key, rather than leaving a policy
 * silently inert.
 */
record PolicySet(int version, List<Policy> policies) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Set<String> KEYS = Set.of("name", "when", "action", "duration", "escalation", "severity", "dry-run");
    private static final Set<String> CONDITIONS = Set.of("score", "any-of", "all-of");

    PolicySet {
        policies = List.copyOf(policies);
    }

    /**
     * Reads a policies file.
     *
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the source, the policy and the key, for anything amiss
     */
    static PolicySet load(InputStream in, String source) throws IOException {
        Object root;
        try (in) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage(), e);
        }
        Map<?, ?> doc = map(root, source);
        if (!(doc.get("version") instanceof Integer version) || version < 1) {
            throw new IllegalArgumentException(source + ": 'version' must be a positive integer");
        }
        if (!(doc.get("policies") instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": 'policies' must be a list");
        }
        Set<String> names = new HashSet<>();
        List<Policy> policies = list.stream().map(item -> policy(map(item, source + ": a policy"), source)).toList();
        for (Policy p : policies) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException(source + ": policy '" + p.name() + "' is defined twice");
            }
        }
        return new PolicySet(version, policies);
    }

    private static Policy policy(Map<?, ?> yaml, String source) {
        String name = yaml.get("name") instanceof String s && NAME.matcher(s).matches() ? s : null;
        if (name == null) {
            throw new IllegalArgumentException(source + ": every policy needs a 'name' of lowercase letters, digits and '-'");
        }
        String where = source + ": policy '" + name + "': ";
        unknownKeys(yaml, KEYS, where);
        Map<?, ?> when = map(yaml.get("when"), where + "'when'");
        unknownKeys(when, CONDITIONS, where + "'when' ");
        Double score = when.get("score") == null ? null : number(when.get("score"), where + "'when.score'");
        Set<String> anyOf = techniques(when.get("any-of"), where + "'when.any-of'");
        Set<String> allOf = techniques(when.get("all-of"), where + "'when.all-of'");
        if (score == null && anyOf.isEmpty() && allOf.isEmpty()) {
            throw new IllegalArgumentException(where + "'when' needs at least one of score, any-of, all-of");
        }
        Policy.Action action;
        try {
            action = Policy.Action.fromWire(String.valueOf(yaml.get("action")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "'action' must be block-ip, stop-instance or alert");
        }
        Duration duration = yaml.get("duration") == null ? null : duration(yaml.get("duration"), where);
        if (action == Policy.Action.BLOCK_IP && duration == null) {
            throw new IllegalArgumentException(where + "a block-ip policy needs a 'duration'");
        }
        double escalation = yaml.get("escalation") == null ? 1 : number(yaml.get("escalation"), where + "'escalation'");
        if (escalation < 1 || escalation > 100) {
            throw new IllegalArgumentException(where + "'escalation' must be 1-100");
        }
        String severity = yaml.get("severity") == null ? "medium" : String.valueOf(yaml.get("severity"));
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(where + "'severity' must be low, medium, high or critical");
        }
        Object dryRun = yaml.get("dry-run") == null ? Boolean.FALSE : yaml.get("dry-run");
        if (!(dryRun instanceof Boolean dry)) {
            throw new IllegalArgumentException(where + "'dry-run' must be true or false");
        }
        return new Policy(name, score, anyOf, allOf, action, duration, escalation, severity, dry);
    }

    private static Map<?, ?> map(@Nullable Object yaml, String what) {
        if (!(yaml instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        return map;
    }

    private static void unknownKeys(Map<?, ?> yaml, Set<String> known, String where) {
        for (Object key : yaml.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + "unknown key '" + key + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static double number(Object yaml, String what) {
        if (!(yaml instanceof Number n)) {
            throw new IllegalArgumentException(what + " must be a number");
        }
        return n.doubleValue();
    }

    private static Set<String> techniques(@Nullable Object yaml, String what) {
        if (yaml == null) {
            return Set.of();
        }
        List<?> list = yaml instanceof List<?> l ? l : List.of(yaml);
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : list) {
            if (!(id instanceof String s) || !TECHNIQUE.matcher(s).matches()) {
                throw new IllegalArgumentException(what + ": '" + id + "' is not an ATT&CK technique id such as T1110 or T1110.001");
            }
            ids.add(s);
        }
        return Set.copyOf(ids);
    }

    private static Duration duration(Object yaml, String where) {
        try {
            Duration d = DurationStyle.detectAndParse(String.valueOf(yaml));
            if (d.toSeconds() >= 1) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + "'duration' must be a positive duration such as 30m, 1h or 7d");
    }
}
