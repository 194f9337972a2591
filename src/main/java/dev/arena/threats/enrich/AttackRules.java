package dev.arena.threats.enrich;

import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.ThreatEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * MITRE ATT&CK technique assignment by declarative rules, read from a versioned YAML file
 * ({@code threats/attack-rules.yaml}). Three kinds of rule:
 * <ul>
 *   <li>{@code scope: event} with {@code match}: every event of the listed {@code kinds} whose {@code fields}
 *       (default {@code command}, {@code url}) match the regular expression (case-insensitive, found
 *       anywhere); without {@code match}, every event of those kinds;</li>
 *   <li>{@code scope: session} with {@code count} (and optionally {@code distinct: username|password|command}):
 *       once per session, on the event that brings the session's number of events of those kinds (or of
 *       distinct values among them) to {@code count};</li>
 *   <li>{@code scope: session} with {@code after: {kind, count}}: once per session, on an event of the listed
 *       kinds that comes after at least {@code count} events of {@code kind} in the session.</li>
 * </ul>
 * (The key is {@code kinds}, not {@code on}, which YAML 1.1 reads as the boolean true.) A malformed file stops Arena at start-up with a message naming the rule. Immutable and thread-safe.
 */
public final class AttackRules {

    /** The fields an event rule can look at. */
    private static final Set<String> FIELDS = Set.of("command", "url", "detail", "username", "type");

    private final String version;
    private final Map<EventKind, List<Rule>> byKind;
    private final Map<String, String> techniqueNames;

    private AttackRules(String version, List<Rule> rules) {
        this.version = version;
        Map<EventKind, List<Rule>> index = new EnumMap<>(EventKind.class);
        for (Rule rule : rules) {
            rule.on().forEach(kind -> index.computeIfAbsent(kind, k -> new ArrayList<>()).add(rule));
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byKind = index;
        Map<String, String> names = new java.util.HashMap<>();
        rules.forEach(rule -> names.putIfAbsent(rule.technique(), rule.name()));
        this.techniqueNames = Map.copyOf(names);
    }

    /** The name of a technique some rule assigns, or null for one no rule assigns. */
    public @Nullable String techniqueName(String technique) {
        return techniqueNames.get(technique);
    }

    /** What the session an event belongs to has seen so far, this event included. */
    public interface SessionCounts {
        /** Events of this kind in the session. */
        int count(EventKind kind);

        /** Distinct values of {@code username}, {@code password} or {@code command} in the session. */
        int distinct(String field);

        /** Whether this once-per-session rule already fired in the session. */
        boolean fired(String ruleId);
    }

    /** One rule: which technique it assigns and when. */
    public sealed interface Rule {
        String id();

        String technique();

        String name();

        Set<EventKind> on();

        /** Whether it fires at most once per session. */
        default boolean perSession() {
            return !(this instanceof EventPattern);
        }

        boolean matches(ThreatEvent event, SessionCounts session);
    }

    /** Every matching event. {@code pattern} null matches every event of the kinds. */
    public record EventPattern(String id, String technique, String name, Set<EventKind> on, @Nullable Pattern pattern,
                               List<String> fields) implements Rule {
        public boolean matches(ThreatEvent event, SessionCounts session) {
            if (pattern == null) {
                return true;
            }
            for (String field : fields) {
                String value = field(event, field);
                if (value != null && pattern.matcher(value).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Once, when the session's count (of events, or of distinct values of a field) reaches {@code count}. */
    public record Threshold(String id, String technique, String name, Set<EventKind> on, @Nullable String distinct, int count)
            implements Rule {
        public boolean matches(ThreatEvent event, SessionCounts session) {
            int seen = distinct != null ? session.distinct(distinct) : on.stream().mapToInt(session::count).sum();
            return seen >= count;
        }
    }

    /** Once, on an event that follows at least {@code count} events of kind {@code after} in the session. */
    public record After(String id, String technique, String name, Set<EventKind> on, EventKind after, int count) implements Rule {
        public boolean matches(ThreatEvent event, SessionCounts session) {
            return session.count(after) >= count;
        }
    }

    /** The rules file's version, recorded with every assignment. */
    public String version() {
        return version;
    }

    /**
     * The rules an event fires, given its session's counts with the event already in them. Once-per-session
     * rules that already fired are skipped; the caller records the ones returned as fired.
     */
    public List<Rule> match(ThreatEvent event, SessionCounts session) {
        List<Rule> candidates = byKind.get(event.kind());
        if (candidates == null) {
            return List.of();
        }
        List<Rule> fired = null;
        for (Rule rule : candidates) {
            if ((!rule.perSession() || !session.fired(rule.id())) && rule.matches(event, session)) {
                if (fired == null) {
                    fired = new ArrayList<>(2);
                }
                fired.add(rule);
            }
        }
        return fired == null ? List.of() : fired;
    }

    /** Loads the rules on the class path. @throws IllegalStateException when missing or malformed */
    public static AttackRules load(String classpathResource) {
        try (InputStream in = AttackRules.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalStateException("ATT&CK rules " + classpathResource + " not found on the class path");
            }
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new IllegalStateException("Could not read ATT&CK rules " + classpathResource, e);
        }
    }

    /** Rules from a parsed YAML document. @throws IllegalStateException naming the rule that is wrong */
    static AttackRules parse(@Nullable Object document) {
        if (!(document instanceof Map<?, ?> root) || !(root.get("version") instanceof Object version)
                || !(root.get("rules") instanceof List<?> list)) {
            throw new IllegalStateException("ATT&CK rules need a 'version' and a list of 'rules'");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object item : list) {
            Rule rule = rule(item);
            if (!ids.add(rule.id())) {
                throw new IllegalStateException("ATT&CK rule id '" + rule.id() + "' is used twice");
            }
            rules.add(rule);
        }
        return new AttackRules(version.toString(), rules);
    }

    private static Rule rule(Object item) {
        if (!(item instanceof Map<?, ?> map) || !(map.get("id") instanceof String id)) {
            throw new IllegalStateException("Every ATT&CK rule needs an 'id': " + item);
        }
        try {
            String technique = string(map, "technique");
            if (!technique.matches("T\\d{4}(\\.\\d{3})?")) {
                throw new IllegalArgumentException("technique must look like T1110 or T1110.001");
            }
            String name = string(map, "name");
            Set<EventKind> on = kinds(map.get("kinds"));
            return switch (string(map, "scope")) {
                case "event" -> new EventPattern(id, technique, name, on, pattern(map.get("match")), fields(map.get("fields")));
                case "session" -> sessionRule(map, id, technique, name, on);
                default -> throw new IllegalArgumentException("scope must be event or session");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ATT&CK rule '" + id + "': " + e.getMessage(), e);
        }
    }

    private static Rule sessionRule(Map<?, ?> map, String id, String technique, String name, Set<EventKind> on) {
        if (map.get("after") instanceof Map<?, ?> after) {
            return new After(id, technique, name, on, kind(string(after, "kind")), positive(after.get("count")));
        }
        Object distinct = map.get("distinct");
        if (distinct != null && !Set.of("username", "password", "command").contains(distinct.toString())) {
            throw new IllegalArgumentException("distinct must be username, password or command");
        }
        return new Threshold(id, technique, name, on, distinct == null ? null : distinct.toString(), positive(map.get("count")));
    }

    private static @Nullable Pattern pattern(@Nullable Object match) {
        if (match == null) {
            return null;
        }
        try {
            return Pattern.compile(match.toString(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("match is not a valid regular expression: " + e.getDescription());
        }
    }

    private static List<String> fields(@Nullable Object value) {
        if (value == null) {
            return List.of("command", "url");
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(f -> FIELDS.contains(String.valueOf(f)))) {
            throw new IllegalArgumentException("fields must be a list of " + FIELDS);
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Set<EventKind> kinds(@Nullable Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("kinds must list event kinds");
        }
        Set<EventKind> kinds = java.util.EnumSet.noneOf(EventKind.class);
        list.forEach(k -> kinds.add(kind(String.valueOf(k))));
        return Set.copyOf(kinds);
    }

    private static EventKind kind(String name) {
        EventKind kind = EventKind.fromWire(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown event kind '" + name + "'");
        }
        return kind;
    }

    private static int positive(@Nullable Object value) {
        if (!(value instanceof Integer n) || n < 1) {
            throw new IllegalArgumentException("count must be a positive whole number");
        }
        return n;
    }

    private static String string(Map<?, ?> map, String key) {
        if (!(map.get(key) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
        return value;
    }

    private static @Nullable String field(ThreatEvent event, String field) {
        return switch (field) {
            case "command" -> event.command();
            case "url" -> event.url();
            case "detail" -> event.detail();
            case "username" -> event.username();
            default -> event.type();
        };
    }
}
