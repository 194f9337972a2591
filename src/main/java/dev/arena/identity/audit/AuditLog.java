package dev.arena.identity.audit;

import dev.arena.identity.IdentityEvent;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes every identity event to the audit table, synchronously and in the publisher's transaction: an
 * action that rolls back leaves no audit row, and one that commits always has one.
 */
@Component
class AuditLog {

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Ids ids, Clock clock) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
    }

    @EventListener
    void record(IdentityEvent event) {
        String detail = event.describe();
        jdbc.sql("INSERT INTO audit_events (id, at, kind, actor_id, org_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(ids.next(), Db.ts(clock.instant()), event.getClass().getSimpleName(), event.actorId(), event.orgId(),
                        event.ip(), detail.length() <= 1000 ? detail : detail.substring(0, 1000))
                .update();
    }
}
