package dev.arena.threats.respond;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * A versioned set of response policies: the built-in one, read once from a YAML file (
 * {@code threats/policies.yaml} or {@code arena.threats.response.policies-file}), or a project's own, sent
 * as JSON of the same shape ({@code {version, policies: [...]}}) and stored. Both are checked by
 * {@link #of}: any mistake is refused naming the policy and the key, rather than leaving a policy silently
 * inert — in the file it stops Arena at start-up, over the API it is a 422.
 */
record PolicySet(int version, List<Policy> policies) {

    /** The most policies a set may hold, and the most technique ids a condition may list. */
    static final int MAX_POLICIES = 100;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Set<String> TOP = Set.of("version", "policies");
    private static final Set<String> KEYS = Set.of("name", "when", "action", "duration", "escalation", "severity", "dry-run");
    private static final Set<String> CONDITIONS = Set.of("score", "any-of", "all-of");

    /** A mistake in a policy set; {@code field} says where, as a path into the document: {@code policies[2].when.score}. */
    static final class Invalid extends IllegalArgumentException {

        final String field;

        Invalid(String field, String message) {
            super(message, null);
            this.field = field;
        }
    }

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
        try {
            return of(root);
        } catch (Invalid e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a policy set as parsed from YAML or JSON (maps, lists, strings, numbers and booleans).
     *
     * @throws Invalid naming the field and, in the message, the policy and the key
     */
    static PolicySet of(@Nullable Object document) {
        Map<?, ?> doc = map(document, "", "the policy set");
        unknownKeys(doc, TOP, "", "");
        if (!(doc.get("version") instanceof Integer version) || version < 1) {
            throw new Invalid("version", "'version' must be a positive integer");
        }
        if (!(doc.get("policies") instanceof List<?> list)) {
            throw new Invalid("policies", "'policies' must be a list");
        }
        if (list.size() > MAX_POLICIES) {
            throw new Invalid("policies", "'policies' holds at most " + MAX_POLICIES + " policies");
        }
        Set<String> names = new HashSet<>();
        List<Policy> policies = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Policy policy = policy(list.get(i), "policies[" + i + "]");
            if (!names.add(policy.name())) {
                throw new Invalid("policies[" + i + "].name", "policy '" + policy.name() + "' is defined twice");
            }
            policies.add(policy);
        }
        return new PolicySet(version, policies);
    }

    /** The set as {@link #of} reads it: what the API shows and what is stored. */
    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", version);
        doc.put("policies", policies.stream().map(Policy::document).toList());
        return doc;
    }

    private static Policy policy(@Nullable Object item, String path) {
        Map<?, ?> yaml = map(item, path, "a policy");
        String name = yaml.get("name") instanceof String s && NAME.matcher(s).matches() ? s : null;
        if (name == null) {
            throw new Invalid(path + ".name", "every policy needs a 'name' of lowercase letters, digits and '-' (at most 100)");
        }
        String where = "policy '" + name + "': ";
        unknownKeys(yaml, KEYS, path + ".", where);
        Map<?, ?> when = map(yaml.get("when"), path + ".when", where + "'when'");
        unknownKeys(when, CONDITIONS, path + ".when.", where + "'when' ");
        Double score = when.get("score") == null ? null : number(when.get("score"), path + ".when.score", where + "'when.score'");
        Set<String> anyOf = techniques(when.get("any-of"), path + ".when.any-of", where + "'when.any-of'");
        Set<String> allOf = techniques(when.get("all-of"), path + ".when.all-of", where + "'when.all-of'");
        if (score == null && anyOf.isEmpty() && allOf.isEmpty()) {
            throw new Invalid(path + ".when", where + "'when' needs at least one of score, any-of, all-of");
        }
        Policy.Action action;
        try {
            action = Policy.Action.fromWire(String.valueOf(yaml.get("action")));
        } catch (IllegalArgumentException e) {
            throw new Invalid(path + ".action", where + "'action' must be block-ip, stop-instance or alert");
        }
        Duration duration = yaml.get("duration") == null ? null : duration(yaml.get("duration"), path + ".duration", where);
        if (action == Policy.Action.BLOCK_IP && duration == null) {
            throw new Invalid(path + ".duration", where + "a block-ip policy needs a 'duration'");
        }
        double escalation = yaml.get("escalation") == null ? 1
                : number(yaml.get("escalation"), path + ".escalation", where + "'escalation'");
        if (escalation < 1 || escalation > 100) {
            throw new Invalid(path + ".escalation", where + "'escalation' must be 1-100");
        }
        String severity = yaml.get("severity") == null ? "medium" : String.valueOf(yaml.get("severity"));
        if (!SEVERITIES.contains(severity)) {
            throw new Invalid(path + ".severity", where + "'severity' must be low, medium, high or critical");
        }
        Object dryRun = yaml.get("dry-run") == null ? Boolean.FALSE : yaml.get("dry-run");
        if (!(dryRun instanceof Boolean dry)) {
            throw new Invalid(path + ".dry-run", where + "'dry-run' must be true or false");
        }
        return new Policy(name, score, anyOf, allOf, action, duration, escalation, severity, dry);
    }

    private static Map<?, ?> map(@Nullable Object yaml, String path, String what) {
        if (!(yaml instanceof Map<?, ?> map)) {
            throw new Invalid(path, what + " must be a mapping");
        }
        return map;
    }

    private static void unknownKeys(Map<?, ?> yaml, Set<String> known, String path, String where) {
        for (Object key : yaml.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new Invalid(path + key, where + "unknown key '" + key + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static double number(Object yaml, String path, String what) {
        if (!(yaml instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new Invalid(path, what + " must be a number");
        }
        return n.doubleValue();
    }

    private static Set<String> techniques(@Nullable Object yaml, String path, String what) {
        if (yaml == null) {
            return Set.of();
        }
        List<?> list = yaml instanceof List<?> l ? l : List.of(yaml);
        if (list.size() > MAX_POLICIES) {
            throw new Invalid(path, what + " lists at most " + MAX_POLICIES + " techniques");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : list) {
            if (!(id instanceof String s) || !TECHNIQUE.matcher(s).matches()) {
                throw new Invalid(path, what + ": '" + id + "' is not an ATT&CK technique id such as T1110 or T1110.001");
            }
            ids.add(s);
        }
        return Set.copyOf(ids);
    }

    private static Duration duration(Object yaml, String path, String where) {
        try {
            Duration d = DurationStyle.detectAndParse(String.valueOf(yaml));
            if (d.toSeconds() >= 1) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Invalid(path, where + "'duration' must be a positive duration such as 30m, 1h or 7d");
    }
}
