package dev.arena.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.ArenaTest;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Nodes sharing a database never lease the same Snowflake worker id; a lapsed lease is taken over. */
@ArenaTest
class WorkerLeasesTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoNodesGetDifferentWorkerIds() {
        int first = new WorkerLeases(jdbc, Clock.systemUTC()).acquire();
        int second = new WorkerLeases(jdbc, Clock.systemUTC()).acquire();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aLapsedLeaseIsTakenOver() {
        int lapsed = new WorkerLeases(jdbc, Clock.systemUTC()).acquire();
        jdbc.sql("UPDATE worker_leases SET leased_until = ? WHERE worker_id = ?")
                .params(Db.ts(Instant.now().minusSeconds(1)), lapsed).update();

        assertThat(new WorkerLeases(jdbc, Clock.systemUTC()).acquire()).isEqualTo(lapsed);
    }
}
