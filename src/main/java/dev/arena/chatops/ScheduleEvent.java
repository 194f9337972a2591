package dev.arena.chatops;

import java.time.Instant;

/**
 * What happened when a scheduled action came due, published in the transaction that recorded it.
 * Listeners must be idempotent: delivery is at-least-once.
 */
public sealed interface ScheduleEvent {

    long scheduleId();

    long projectId();

    String scheduleName();

    /** The occurrence this is about (for a skipped one: the first missed). */
    Instant dueAt();

    /** A one-line description for alerts and the audit log. */
    String describe();

    /** The action ran and succeeded; {@code caughtUp} counts earlier occurrences missed and folded into this run. */
    record ScheduleRan(long scheduleId, long projectId, String scheduleName, Instant dueAt, String action, int caughtUp)
            implements ScheduleEvent {
        public String describe() {
            return "ran " + action + (caughtUp > 0 ? " (catching up " + caughtUp + " missed)" : "");
        }
    }

    /** The action ran and failed. */
    record ScheduleFailed(long scheduleId, long projectId, String scheduleName, Instant dueAt, String action, String reason)
            implements ScheduleEvent {
        public String describe() {
            return action + " failed: " + reason;
        }
    }

    /** Occurrences were missed while Arena was down and, as the schedule says, skipped rather than run. */
    record ScheduleSkipped(long scheduleId, long projectId, String scheduleName, Instant dueAt, int missed)
            implements ScheduleEvent {
        public String describe() {
            return "skipped " + missed + " run(s) missed while Arena was down";
        }
    }
}
