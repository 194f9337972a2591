package dev.arena.instances.internal;

import dev.arena.instances.InstanceEvent;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes instance events and writes them to the instance audit log in the same transaction; prunes
 * entries older than {@code arena.instances.audit-retention}, hourly, on one node at a time.
 */
@Component
class InstanceAudit {

    private static final Logger log = LoggerFactory.getLogger(InstanceAudit.class);

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final InstancesSettings settings;

    InstanceAudit(JdbcClient jdbc, Ids ids, Clock clock, ApplicationEventPublisher events, InstancesSettings settings) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
    }

    /** Publishes the event and records it; call inside the transaction that made it happen. */
    void record(InstanceEvent event) {
        String kind = event.getClass().getSimpleName().replace("Instance", "").toLowerCase(java.util.Locale.ROOT);
        String detail = event.describe();
        jdbc.sql("INSERT INTO instance_audit (id, at, kind, instance_id, project_id, actor_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(ids.next(), Db.ts(clock.instant()), kind, event.instanceId(), event.projectId(), event.actorId(),
                        detail.length() > 1000 ? detail.substring(0, 1000) : detail)
                .update();
        events.publishEvent(event);
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
