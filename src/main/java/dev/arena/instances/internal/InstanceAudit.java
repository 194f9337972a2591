package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.InstanceEvent;
import dev.arena.instances.InstanceHistory;
import dev.arena.instances.Origin;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes instance events and writes them to the instance audit log in the same transaction, with where
 * each came from; reads a project's entries for its managers; prunes entries older than
 * {@code arena.instances.audit-retention}, hourly, on one node at a time.
 */
@Component
class InstanceAudit implements InstanceHistory {

    private static final Logger log = LoggerFactory.getLogger(InstanceAudit.class);

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final InstancesSettings settings;

    private final ProjectAccess access;

    InstanceAudit(JdbcClient jdbc, Ids ids, Clock clock, ApplicationEventPublisher events, InstancesSettings settings,
                  ProjectAccess access) {
        this.access = access;
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
    }

    /** Publishes the event and records it as from {@code origin}; call inside the transaction that made it happen. */
    void record(InstanceEvent event, Origin origin) {
        String kind = event.getClass().getSimpleName().replace("Instance", "").toLowerCase(java.util.Locale.ROOT);
        String detail = event.describe();
        jdbc.sql("""
                        INSERT INTO instance_audit (id, at, kind, instance_id, project_id, actor_id, source, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(ids.next(), Db.ts(clock.instant()), kind, event.instanceId(), event.projectId(), event.actorId(),
                        origin.wireName(), detail.length() > 1000 ? detail.substring(0, 1000) : detail)
                .update();
        events.publishEvent(event);
    }

    @Override
    public List<Entry> before(ArenaPrincipal caller, long projectId, long before, int limit) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return jdbc.sql("""
                        SELECT id, at, kind, instance_id, actor_id, source, detail FROM instance_audit
                         WHERE project_id = ? AND id < ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY""")
                .params(projectId, before, limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), Db.instant(rs, "at"), rs.getString("kind"), rs.getLong("instance_id"),
                        rs.getObject("actor_id", Long.class), rs.getString("source"), rs.getString("detail")))
                .list();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @SchedulerLock(name = "instances-audit-prune", lockAtMostFor = "PT30M")
    void prune() {
        int removed = prune(clock.instant().minus(settings.auditRetention()));
        if (removed > 0) {
            log.info("Removed {} instance audit entries older than {}", removed, settings.auditRetention());
        }
    }

    /** Deletes entries from before {@code cutoff}; returns how many. */
    int prune(Instant cutoff) {
        return jdbc.sql("DELETE FROM instance_audit WHERE at < ?").param(Db.ts(cutoff)).update();
    }
}
