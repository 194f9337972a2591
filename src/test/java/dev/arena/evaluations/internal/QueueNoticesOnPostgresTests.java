package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.platform.internal.ListeningConnection;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.Postgres;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Across nodes on PostgreSQL, a job queued elsewhere wakes this node's idle worker at once: another node's
 * submission is a row it inserted plus a {@code NOTIFY}, here written over a connection of the test's own. The
 * poll interval is a minute, so only the notice can explain a claim within seconds; also once the node's
 * listening connection was killed and replaced. Closed after the class: its worker must not claim the jobs
 * other PostgreSQL tests of this run queue in the same schema.
 */
@ArenaTest
@OnPostgres
@TestPropertySource(properties = {"arena.evaluations.workers=1", "arena.evaluations.poll-interval=1m",
        "arena.evaluations.warm-pool-size=0", "arena.platform.notice-listener-retry=100ms"})
class QueueNoticesOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    @Autowired
    ApplicationContext node;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNoticeFromAnotherNodeWakesTheIdleWorkerAtOnce() throws Exception {
        long id = queueUnannounced("notices");

        notifyFromAnotherNode();

        Evaluation result = Waits.ended(evaluations, id, Duration.ofSeconds(15));
        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.stdout()).isEqualTo("woken\n");
    }

    @Test
    void aNoticeStillWakesTheIdleWorkerAfterTheListeningConnectionWasKilled() throws Exception {
        int killed = listening(-1);
        assertThat(jdbc.sql("SELECT pg_terminate_backend(?)").param(killed).query(Boolean.class).single()).isTrue();
        listening(killed);
        long id = queueUnannounced("notices-after-kill");

        notifyFromAnotherNode();

        Evaluation result = Waits.ended(evaluations, id, Duration.ofSeconds(15));
        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.stdout()).isEqualTo("woken\n");
    }

    /** A job queued the way another node queues one, before its notice: no worker here claims it. */
    private long queueUnannounced(String name) throws InterruptedException {
        Api owner = Api.signedIn(port, name);
        long project = Long.parseLong(owner.createProject(owner.createOrg(name), name));
        long id = ids.next();
        evaluations.insert(id, project, "user:1", new Submission(Language.SHELL, "echo woken", "", List.of(), false, null,
                new Limits(5000, 64 << 20, 16, 1000), null), Instant.now());
        Thread.sleep(1000);
        assertThat(evaluations.find(id).orElseThrow().status()).as("no worker looks before the notice").isEqualTo(Status.QUEUED);
        return id;
    }

    private static void notifyFromAnotherNode() throws SQLException {
        try (var otherNode = DriverManager.getConnection(Postgres.URL, Postgres.USER, "");
             var notify = otherNode.prepareStatement("SELECT pg_notify(?, '1')")) {
            notify.setString(1, QueueNotices.CHANNEL);
            notify.execute();
        }
    }

    /** The server process on which this node listens, once it is another than {@code not}. */
    private int listening(int not) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            int backend = ListeningConnection.backend(node);
            if (backend > 0 && backend != not) {
                return backend;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the node does not listen on a connection other than " + not);
    }
}
