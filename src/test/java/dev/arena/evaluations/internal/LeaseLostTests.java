package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A live worker whose lease went to another (it missed its heartbeats: a long pause, a partition from the
 * database) ends its run at its next heartbeat, killing the sandbox, instead of running a program whose result
 * the fence would discard anyway. With one worker, the next job shows when it is free again.
 */
@ArenaTest
@TestPropertySource(properties = {"arena.evaluations.workers=1", "arena.evaluations.lease=3s"})
class LeaseLostTests {

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aWorkerThatLostItsLeaseEndsItsRunAtItsNextHeartbeat() throws InterruptedException {
        Api owner = Api.signedIn(port, "lease");
        String submit = "/v1/projects/" + owner.createProject(owner.createOrg("Lease"), "lease") + "/evaluations";
        long stolen = Long.parseLong(owner.post(submit, Map.of("language", "shell", "source", "echo started; sleep 25",
                "limits", Map.of("wallTimeMs", 30_000))).text("id"));
        Waits.running(evaluations, stolen, Duration.ofSeconds(30));

        // Its worker missed its heartbeats: the lease ran out, and another worker claimed the job.
        jdbc.sql("UPDATE evaluations SET lease_until = ? WHERE id = ?").params(Timestamp.from(Instant.now().minusSeconds(1)), stolen)
                .update();
        var thief = evaluations.claim("thief", Instant.now(), Instant.now().plusSeconds(3600)).orElseThrow();
        assertThat(thief.id()).isEqualTo(stolen);
        long stoleAt = System.nanoTime();
        long next = Long.parseLong(owner.post(submit, Map.of("language", "shell", "source", "echo next")).text("id"));

        Evaluation after = Waits.ended(evaluations, next, Duration.ofSeconds(30));

        assertThat(after.status()).isEqualTo(Status.COMPLETED);
        assertThat(Duration.ofNanos(System.nanoTime() - stoleAt)).as("the worker was free long before the 25 s program's end")
                .isLessThan(Duration.ofSeconds(12));
        var taken = evaluations.find(stolen).orElseThrow();
        assertThat(taken.status()).as("the thief's now, with no result from the first worker").isEqualTo(Status.RUNNING);
        assertThat(taken.attempts()).isEqualTo(2);
        var finished = new RunResult(Status.COMPLETED, 0, "thief\n", "", false, false, 1, null, null, Instant.now(), Instant.now());
        assertThat(evaluations.finish(thief, finished, List.of(), Instant.now())).isTrue();
    }
}
