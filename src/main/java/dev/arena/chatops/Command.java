package dev.arena.chatops;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A chat-ops command, parsed from words such as {@code instance start web} (a slash command's subcommand
 * and options, or a button's action id, which is the words of the command it runs).
 */
public sealed interface Command {

    /** The words that parse back into this command: a button's action id. */
    String words();

    record Status() implements Command {
        public String words() {
            return "status";
        }
    }

    record Link(String code) implements Command {
        public String words() {
            return "link " + code;
        }
    }

    record Instance(InstanceAction action, String challenge) implements Command {
        public String words() {
            return "instance " + action.wireName() + " " + challenge;
        }
    }

    /** Lists the project's managed containers ({@code action} null) or acts on one. */
    record Containers(@Nullable ContainerAction action, @Nullable String container) implements Command {
        public String words() {
            return action == null ? "containers" : "containers " + action.wireName() + " " + container;
        }
    }

    record Queue() implements Command {
        public String words() {
            return "queue";
        }
    }

    record Threats() implements Command {
        public String words() {
            return "threats";
        }
    }

    record Schedules() implements Command {
        public String words() {
            return "schedule";
        }
    }

    record Mech() implements Command {
        public String words() {
            return "mech";
        }
    }

    enum InstanceAction {
        START, EXTEND, STOP;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What may be done to a managed container; each container allows a subset. */
    enum ContainerAction {
        START, STOP, RESTART, LOGS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<ContainerAction> fromWire(String name) {
            for (ContainerAction a : values()) {
                if (a.wireName().equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /** Parses words; empty when they are no command. */
    static Optional<Command> parse(String words) {
        List<String> w = List.of(words.strip().split("\\s+"));
        return Optional.ofNullable(switch (w.getFirst()) {
            case "status" -> w.size() == 1 ? new Status() : null;
            case "link" -> w.size() == 2 ? new Link(w.get(1)) : null;
            case "instance" -> w.size() == 3 ? instance(w.get(1), w.get(2)) : null;
            case "containers" -> w.size() == 1 ? new Containers(null, null)
                    : w.size() == 3 ? ContainerAction.fromWire(w.get(1)).map(a -> new Containers(a, w.get(2))).orElse(null) : null;
            case "queue" -> w.size() == 1 ? new Queue() : null;
            case "threats" -> w.size() == 1 ? new Threats() : null;
            case "schedule" -> w.size() == 1 ? new Schedules() : null;
            case "mech" -> w.size() == 1 ? new Mech() : null;
            default -> null;
        });
    }

    private static @Nullable Command instance(String action, String challenge) {
        for (InstanceAction a : InstanceAction.values()) {
            if (a.wireName().equals(action)) {
                return new Instance(a, challenge);
            }
        }
        return null;
    }
}
