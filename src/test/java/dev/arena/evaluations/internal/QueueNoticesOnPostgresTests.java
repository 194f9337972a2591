package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Across nodes on PostgreSQL, a job queued elsewhere wakes this node's idle worker at once: another node's
 * submission is a row it inserted plus a {@code NOTIFY}, here written over a connection of the test's own. The
 * poll interval is a minute, so only the notice can explain a claim within seconds. Closed after the class:
 * its worker must not claim the jobs other PostgreSQL tests of this run queue in the same schema.
 */
@ArenaTest
@DirtiesContext
@TestPropertySource(properties = {"arena.evaluations.workers=1", "arena.evaluations.poll-interval=1m",
        "arena.evaluations.warm-pool-size=0"})
class QueueNoticesOnPostgresTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    @Test
    void aNoticeFromAnotherNodeWakesTheIdleWorkerAtOnce() throws Exception {
        Api owner = Api.signedIn(port, "notices");
        long project = Long.parseLong(owner.createProject(owner.createOrg("Notices"), "notices"));
        long id = ids.next();
        evaluations.insert(id, project, "user:1", new Submission(Language.SHELL, "echo woken", "", List.of(), false, null,
                new Limits(5000, 64 << 20, 16, 1000), null), Instant.now());
        Thread.sleep(1000);
        assertThat(evaluations.find(id).orElseThrow().status()).as("no worker looks before the notice").isEqualTo(Status.QUEUED);

        try (var otherNode = DriverManager.getConnection(Postgres.URL, Postgres.USER, "");
             var notify = otherNode.prepareStatement("SELECT pg_notify(?, '1')")) {
            notify.setString(1, QueueNotices.CHANNEL);
            notify.execute();
        }

        Evaluation result = awaitEnd(id, 15);
        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.stdout()).isEqualTo("woken\n");
    }

    private Evaluation awaitEnd(long id, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds * 10; i++) {
            var seen = evaluations.find(id).orElseThrow();
            if (seen.status().terminal()) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("evaluation " + id + " was not run within " + seconds + " s");
    }
}
