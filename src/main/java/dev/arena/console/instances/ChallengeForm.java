package dev.arena.console.instances;

import dev.arena.instances.ProjectChallenges.ChallengeDefinition;
import dev.arena.instances.ProjectChallenges.ChallengeRequest;
import dev.arena.platform.InvalidValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The challenge form's fields as typed, named as the API's fields are. A blank number or flag field is left out
 * of the request (the default on create, the current value on change); the lists and checkboxes always say what
 * the challenge has, so emptying one clears it: {@code command} one argument per line, {@code ports} and
 * {@code capabilities} separated by commas or spaces, {@code env} one {@code NAME=value} per line, and a checkbox a
 * browser leaves out (null) is unchecked.
 */
record ChallengeForm(@Nullable String name, @Nullable String image, @Nullable String command, @Nullable String ports,
                     @Nullable String memoryMib, @Nullable String cpus, @Nullable String lifetimeSeconds,
                     @Nullable String extensionSeconds, @Nullable String maxExtensions, @Nullable String maxTotalSeconds,
                     @Nullable String env, @Nullable String flagTemplate, @Nullable String flagFile, @Nullable String flagEnv,
                     @Nullable Boolean allowOutbound, @Nullable String capabilities, @Nullable Boolean writableRoot,
                     @Nullable String warmPool) {

    /** An empty form: every field takes its default. */
    static ChallengeForm blank() {
        return new ChallengeForm(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The form filled with a challenge as it is. */
    static ChallengeForm of(ChallengeDefinition c) {
        return new ChallengeForm(c.name(), c.image(), String.join("\n", c.command()), joined(c.ports(), ", "),
                Integer.toString(c.memoryMib()), Double.toString(c.cpus()), Long.toString(c.lifetimeSeconds()),
                Long.toString(c.extensionSeconds()), Integer.toString(c.maxExtensions()), Long.toString(c.maxTotalSeconds()),
                c.env() == null ? "" : c.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")),
                c.flagTemplate(), c.flagFile(), c.flagEnv(), c.allowOutbound(), String.join(", ", c.capabilities()), c.writableRoot(),
                Integer.toString(c.warmPool()));
    }

    /**
     * The request the form stands for; the challenge's own rules are checked by the service, not here.
     *
     * @throws InvalidValue naming the field when a number, port or environment line cannot be read
     */
    ChallengeRequest request() {
        return new ChallengeRequest(text(name), text(image), lines(command), portList(), number(memoryMib, "memoryMib", Integer::valueOf),
                number(cpus, "cpus", Double::valueOf), number(lifetimeSeconds, "lifetimeSeconds", Integer::valueOf),
                number(extensionSeconds, "extensionSeconds", Integer::valueOf), number(maxExtensions, "maxExtensions", Integer::valueOf),
                number(maxTotalSeconds, "maxTotalSeconds", Integer::valueOf), environment(), text(flagTemplate), text(flagFile),
                text(flagEnv), checked(allowOutbound), words(capabilities), checked(writableRoot), number(warmPool, "warmPool", Integer::valueOf));
    }

    private @Nullable List<Integer> portList() {
        List<String> given = words(ports);
        return given.isEmpty() ? null : given.stream().map(p -> number(p, "ports", Integer::valueOf)).toList();
    }

    private Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines(env)) {
            int equals = line.indexOf('=');
            if (equals < 1 || variables.put(line.substring(0, equals).strip(), line.substring(equals + 1)) != null) {
                throw new InvalidValue("env", "env takes one NAME=value per line, each name once: " + line);
            }
        }
        return variables;
    }

    private static boolean checked(@Nullable Boolean box) {
        return Boolean.TRUE.equals(box);
    }

    private static @Nullable String text(@Nullable String field) {
        return field == null || field.isBlank() ? null : field.strip();
    }

    private static List<String> lines(@Nullable String field) {
        return field == null ? List.of() : field.lines().filter(line -> !line.isBlank()).toList();
    }

    private static List<String> words(@Nullable String field) {
        return field == null ? List.of() : Arrays.stream(field.split("[,\\s]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static <N extends Number> @Nullable N number(@Nullable String field, String name, Function<String, N> parse) {
        String given = text(field);
        if (given == null) {
            return null;
        }
        try {
            return parse.apply(given);
        } catch (NumberFormatException e) {
            throw new InvalidValue(name, name + " must be a number, not '" + given + "'");
        }
    }

    private static String joined(List<Integer> numbers, String separator) {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(separator));
    }
}
