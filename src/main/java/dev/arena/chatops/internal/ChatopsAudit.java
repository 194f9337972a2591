package dev.arena.chatops.internal;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every chat-ops action and configuration change, whoever did it from wherever: Discord, the console, the API, a
 * schedule or the donation webhook.
 */
@Repository
class ChatopsAudit {

    /** One audited action; {@code source} is {@code discord}, {@code console}, {@code api}, {@code schedule} or {@code webhook}. */
    record Entry(long id, Instant at, @Nullable Long projectId, @Nullable Long userId, String source, String actor, String action,
                 String target, String outcome, String detail) {
    }

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;

    ChatopsAudit(JdbcClient jdbc, Ids ids, Clock clock) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
    }

    void record(@Nullable Long projectId, @Nullable Long userId, String source, String actor, String action, String target,
                String outcome, String detail) {
        jdbc.sql("""
                        INSERT INTO chatops_audit (id, at, project_id, user_id, source, actor, action, target, outcome, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(ids.next(), Db.ts(clock.instant()), projectId, userId, source, cut(actor, 60), cut(action, 40), cut(target, 100),
                        outcome, cut(detail, 500))
                .update();
    }

    /** A project's entries, newest first, older than the entry {@code before} names ({@link Long#MAX_VALUE} for the newest). */
    Page<Entry> of(long projectId, long before, int limit) {
        List<Entry> rows = jdbc.sql("SELECT * FROM chatops_audit WHERE project_id = ? AND id < ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
                .params(projectId, before, limit + 1)
                .query((rs, n) -> new Entry(rs.getLong("id"), Db.instant(rs, "at"), (Long) rs.getObject("project_id"),
                        (Long) rs.getObject("user_id"), rs.getString("source"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("detail")))
                .list();
        return Page.keyset(rows, limit, Entry::id);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
