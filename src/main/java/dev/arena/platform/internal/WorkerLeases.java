package dev.arena.platform.internal;

import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leases Snowflake worker ids from the database so that nodes sharing it never stamp the same worker id.
 * A lease lasts {@link #LEASE} and is renewed at a third of that; a node that stops renewing frees its id
 * for others once the lease has run out.
 */
@Component
class WorkerLeases {

    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(WorkerLeases.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String holder = UUID.randomUUID().toString();
    private volatile int leased = -1;

    WorkerLeases(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes the lowest worker id whose lease is free or has run out. */
    int acquire() {
        for (int id = 0; id <= Ids.MAX_WORKER_ID; id++) {
            if (takeOver(id) || insert(id)) {
                leased = id;
                log.info("Leased Snowflake worker id {}", id);
                return id;
            }
        }
        throw new IllegalStateException("all " + (Ids.MAX_WORKER_ID + 1) + " worker ids are leased; set arena.platform.worker-id");
    }

    @Scheduled(fixedDelay = 200_000, initialDelay = 200_000)
    void renew() {
        if (leased < 0) {
            return;
        }
        int renewed = jdbc.sql("UPDATE worker_leases SET leased_until = ? WHERE worker_id = ? AND holder = ?")
                .params(until(), leased, holder).update();
        if (renewed == 0) {
            log.error("Lost the lease on worker id {}; ids from this node may collide until it restarts", leased);
        }
    }

    private boolean takeOver(int id) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return jdbc.sql("UPDATE worker_leases SET holder = ?, leased_until = ? WHERE worker_id = ? AND leased_until < ?")
                .params(holder, until(), id, now).update() == 1;
    }

    private boolean insert(int id) {
        try {
            return jdbc.sql("INSERT INTO worker_leases (worker_id, holder, leased_until) VALUES (?, ?, ?)")
                    .params(id, holder, until()).update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    private OffsetDateTime until() {
        return OffsetDateTime.now(clock).plus(LEASE).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
