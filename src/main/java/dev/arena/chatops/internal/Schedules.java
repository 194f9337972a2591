package dev.arena.chatops.internal;

import dev.arena.platform.Db;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The scheduled actions of projects. */
@Repository
class Schedules {

    private final JdbcClient jdbc;
    private final Clock clock;

    Schedules(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(Schedule s) {
        var now = Db.ts(clock.instant());
        try {
            jdbc.sql("""
                            INSERT INTO chatops_schedules (id, project_id, name, cron, zone, action, target, missed, enabled, next_run_at,
                                created_by, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(s.id(), s.projectId(), s.name(), s.cron(), s.zone(), s.action().wireName(), s.target(), s.missed().wireName(),
                            s.enabled(), Db.ts(s.nextRunAt()), s.createdBy(), now, now)
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(s.name());
        }
    }

    void update(Schedule s) {
        try {
            jdbc.sql("""
                            UPDATE chatops_schedules SET name = ?, cron = ?, zone = ?, action = ?, target = ?, missed = ?, enabled = ?,
                                next_run_at = ?, updated_at = ? WHERE id = ?""")
                    .params(s.name(), s.cron(), s.zone(), s.action().wireName(), s.target(), s.missed().wireName(), s.enabled(),
                            Db.ts(s.nextRunAt()), Db.ts(clock.instant()), s.id())
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(s.name());
        }
    }

    Schedule get(long projectId, long id) {
        return jdbc.sql("SELECT * FROM chatops_schedules WHERE id = ? AND project_id = ?").params(id, projectId)
                .query(Schedules::row).optional().orElseThrow(() -> new ResourceNotFound("schedule"));
    }

    Page<Schedule> of(long projectId, long after, int limit) {
        return Page.keyset(jdbc.sql("SELECT * FROM chatops_schedules WHERE project_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(projectId, after, limit + 1).query(Schedules::row).list(), limit, Schedule::id);
    }

    void delete(long projectId, long id) {
        if (jdbc.sql("DELETE FROM chatops_schedules WHERE id = ? AND project_id = ?").params(id, projectId).update() == 0) {
            throw new ResourceNotFound("schedule");
        }
    }

    /** Enabled schedules whose next run is at or before {@code now}, oldest due first. */
    List<Schedule> due(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM chatops_schedules WHERE enabled = TRUE AND next_run_at <= ? ORDER BY next_run_at FETCH FIRST ? ROWS ONLY")
                .params(Db.ts(now), limit).query(Schedules::row).list();
    }

    /**
     * Claims a due run by moving the schedule's next run from {@code due} to {@code next}: true for exactly
     * one of any number of nodes racing for the same run.
     */
    boolean claim(long id, Instant due, @Nullable Instant next) {
        return jdbc.sql("UPDATE chatops_schedules SET next_run_at = ? WHERE id = ? AND enabled = TRUE AND next_run_at = ?")
                .params(Db.ts(next), id, Db.ts(due)).update() == 1;
    }

    void recordRun(long id, Instant at, String outcome, String detail) {
        jdbc.sql("UPDATE chatops_schedules SET last_run_at = ?, last_outcome = ?, last_detail = ? WHERE id = ?")
                .params(Db.ts(at), outcome, detail.length() <= 500 ? detail : detail.substring(0, 500), id).update();
    }

    private static Schedule row(ResultSet rs, int n) throws SQLException {
        return new Schedule(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"), rs.getString("cron"), rs.getString("zone"),
                Schedule.Action.fromWire(rs.getString("action")), rs.getString("target"), Schedule.Missed.fromWire(rs.getString("missed")),
                rs.getBoolean("enabled"), Db.nullableInstant(rs, "next_run_at"), Db.nullableInstant(rs, "last_run_at"),
                rs.getString("last_outcome"), rs.getString("last_detail"), rs.getLong("created_by"));
    }

    private static dev.arena.identity.IdentityProblem.Conflict nameTaken(String name) {
        return new dev.arena.identity.IdentityProblem.Conflict("The project already has a schedule named '" + name + "'.");
    }
}
