package dev.arena.threats.session;

import dev.arena.identity.IdentityEvent;
import dev.arena.platform.Db;
import dev.arena.threats.ThreatSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes threat data older than {@code arena.threats.retention}, by whole days (the cut-off is the start
 * of the day the retention reaches back to) and in batches of {@link #BATCH} rows, so that no transaction
 * grows with the backlog; one node at a time. A deleted project's threat data goes at once.
 */
@Component("threatRetention")
class Retention {

    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final ThreatSettings settings;
    private final Clock clock;

    Retention(JdbcClient jdbc, ThreatSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${arena.threats.retention-interval:PT1H}", initialDelayString = "PT1M")
    @SchedulerLock(name = "threats-retention", lockAtMostFor = "PT30M")
    void prune() {
        prune(clock.instant().minus(settings.retention()).truncatedTo(ChronoUnit.DAYS));
    }

    /** Deletes events, assignments and per-minute counts before {@code cutoff}, and sessions that ended before it. */
    long prune(Instant cutoff) {
        long deleted = 0;
        deleted += inBatches("threat_techniques", "at", cutoff);
        deleted += inBatches("threat_events", "at", cutoff);
        deleted += inBatches("threat_sessions", "last_seen", cutoff);
        deleted += jdbc.sql("DELETE FROM threat_minutes WHERE epoch_minute < ?").param(cutoff.getEpochSecond() / 60).update();
        return deleted;
    }

    private long inBatches(String table, String column, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE " + column + " < ? FETCH FIRST "
                    + BATCH + " ROWS ONLY)").param(Db.ts(cutoff)).update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** Deletes a deleted project's threat data; events and assignments through its sessions' indexes. */
    @EventListener
    void on(IdentityEvent.ProjectDeleted deleted) {
        for (String table : new String[] {"threat_techniques", "threat_events"}) {
            jdbc.sql("DELETE FROM " + table + " WHERE session_id IN (SELECT id FROM threat_sessions WHERE project_id = ?)")
                    .param(deleted.projectId()).update();
        }
        for (String table : new String[] {"threat_sessions", "threat_minutes", "threat_inbox", "threat_policies", "threat_blocks",
                "threat_responses"}) {
            jdbc.sql("DELETE FROM " + table + " WHERE project_id = ?").param(deleted.projectId()).update();
        }
    }
}
