package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Page;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A project's scheduled actions, shared by the HTTP API and the console: readers list them, admins create,
 * change and delete them. Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, callers below the needed role
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}.
 */
public interface ProjectSchedules {

    /**
     * A schedule to create, or the fields to change (null keeps a field's value; on create, {@code zone}
     * defaults to UTC, {@code missed} to {@code catch-up-once} and {@code enabled} to true).
     *
     * @param action      {@code open}, {@code close}, {@code stop-all-instances} (with {@code challengeId}) or
     *                    {@code start}, {@code stop}, {@code restart} (with {@code container})
     * @param missed      {@code catch-up-once} or {@code skip-and-report}
     */
    record ScheduleRequest(@Nullable String name, @Nullable String cron, @Nullable String zone, @Nullable String action,
                           @Nullable String challengeId, @Nullable String container, @Nullable String missed,
                           @Nullable Boolean enabled) {

        /** A change of the enabled flag only. */
        public static ScheduleRequest enabling(boolean enabled) {
            return new ScheduleRequest(null, null, null, null, null, null, null, enabled);
        }

        /** A change of when the schedule runs only; a null keeps the cron expression or the time zone. */
        public static ScheduleRequest timing(@Nullable String cron, @Nullable String zone) {
            return new ScheduleRequest(null, cron, zone, null, null, null, null, null);
        }
    }

    /**
     * A schedule with its next run (null while disabled) and its last run: when, {@code ok}, {@code failed}
     * or {@code skipped} (runs missed while Arena was down, skipped as the schedule says), and what happened.
     */
    record ScheduleDetails(String id, String name, String cron, String zone, String action, @Nullable String challengeId,
                           @Nullable String container, String missed, boolean enabled, @Nullable Instant nextRunAt,
                           @Nullable Instant lastRunAt, @Nullable String lastOutcome, @Nullable String lastDetail) {
    }

    /**
     * Creates a schedule (admins).
     *
     * @throws dev.arena.platform.InvalidValue naming a missing or bad field ({@code cron}, {@code zone}, {@code action}, ...)
     * @throws dev.arena.platform.ResourceNotFound when the challenge or container is not the project's
     * @throws dev.arena.identity.IdentityProblem.Conflict when the project has a schedule of that name
     */
    ScheduleDetails create(ArenaPrincipal caller, long projectId, ScheduleRequest request);

    /** The project's schedules in creation order (readers). @param cursor a page's {@code nextCursor}, or null */
    Page<ScheduleDetails> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit);

    /** One schedule (readers). @throws dev.arena.platform.ResourceNotFound when the project has no such schedule */
    ScheduleDetails get(ArenaPrincipal caller, long projectId, long scheduleId);

    /**
     * Changes a schedule (admins); its next run is worked out again from now.
     *
     * @throws dev.arena.platform.InvalidValue as {@link #create} does
     */
    ScheduleDetails change(ArenaPrincipal caller, long projectId, long scheduleId, ScheduleRequest changes);

    /** Deletes a schedule (admins). @throws dev.arena.platform.ResourceNotFound when the project has no such schedule */
    void delete(ArenaPrincipal caller, long projectId, long scheduleId);
}
