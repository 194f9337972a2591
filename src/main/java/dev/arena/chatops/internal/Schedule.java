package dev.arena.chatops.internal;

import dev.arena.platform.InvalidValue;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled action on a challenge (target: its id) or on a managed container (target: its name).
 *
 * @param nextRunAt the next occurrence, null while disabled; a node claims a due run by moving it on
 */
record Schedule(long id, long projectId, String name, String cron, String zone, Action action, String target, Missed missed,
                boolean enabled, @Nullable Instant nextRunAt, @Nullable Instant lastRunAt, @Nullable String lastOutcome,
                @Nullable String lastDetail, long createdBy) {

    enum Action {
        OPEN(true), CLOSE(true), STOP_ALL_INSTANCES(true), START(false), STOP(false), RESTART(false);

        final boolean onChallenge;

        Action(boolean onChallenge) {
            this.onChallenge = onChallenge;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Action fromWire(String name) {
            for (Action a : values()) {
                if (a.wireName().equals(name)) {
                    return a;
                }
            }
            throw new InvalidValue("action", "one of open, close, stop-all-instances (challenge), start, stop, restart (container)");
        }
    }

    /** What happens to runs missed while Arena was down: one catch-up run, or none and a report. */
    enum Missed {
        CATCH_UP_ONCE, SKIP_AND_REPORT;

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Missed fromWire(String name) {
            for (Missed m : values()) {
                if (m.wireName().equals(name)) {
                    return m;
                }
            }
            throw new InvalidValue("missed", "one of catch-up-once, skip-and-report");
        }
    }

    Timetable timetable() {
        return Timetable.of(cron, zone);
    }
}
