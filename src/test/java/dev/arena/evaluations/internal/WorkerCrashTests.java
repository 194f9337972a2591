package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * What a crash leaves behind is cleaned up. A worker that dies mid-run (here: a claim nobody heartbeats) loses its lease; a live worker runs the
 * job again, exactly one result is kept, and the dead worker's late result is discarded.
 */
@ArenaTest
@TestPropertySource(properties = "arena.evaluations.workers=3")
class WorkerCrashTests {

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    @Autowired
    SandboxSweeper sweeper;

    @Autowired
    ContainerRuntime runtime;

    @Test
    void aJobWhoseWorkerDiedRunsAgainAndTheLateResultIsDiscarded() throws InterruptedException {
        Api owner = Api.signedIn(port, "crash");
        long project = Long.parseLong(owner.createProject(owner.createOrg("Crash"), "crash"));
        // Queued an hour ahead, so that only this test's claim (made "an hour ahead") can take it first.
        Instant ahead = Instant.now().plusSeconds(3600);
        long id = ids.next();
        evaluations.insert(id, project, "user:1", new Submission(Language.SHELL, "echo survived", "", List.of(), false, null,
                new Limits(5000, 64 << 20, 16, 1000), null), ahead);
        var dead = claim(id, ahead.plusSeconds(1), Instant.now().plusMillis(500));

        Evaluation result = Waits.ended(evaluations, id, Duration.ofSeconds(30));
        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.stdout()).isEqualTo("survived\n");
        assertThat(result.attempts()).isEqualTo(2);

        var late = new RunResult(Status.COMPLETED, 0, "late\n", "", false, false, 1, null, null, Instant.now(), Instant.now());
        assertThat(evaluations.finish(dead, late, List.of(), Instant.now())).isFalse();
        assertThat(evaluations.find(id).orElseThrow().stdout()).isEqualTo("survived\n");
    }

    @Test
    void theSweeperRemovesSandboxesOfFinishedEvaluationsOnly() throws InterruptedException {
        Api owner = Api.signedIn(port, "sweep");
        long project = Long.parseLong(owner.createProject(owner.createOrg("Sweep"), "sweep"));
        long finished = ids.next();
        evaluations.insert(finished, project, "user:1", new Submission(Language.SHELL, "true", "", List.of(), false, null,
                new Limits(5000, 64 << 20, 16, 1000), null), Instant.now());
        Waits.ended(evaluations, finished, Duration.ofSeconds(30));
        String leftBehind = sleeper(Long.toString(finished));
        String unknown = sleeper(Long.toString(ids.next()));
        try {
            sweeper.sweep();
            var left = runtime.list(Map.of(ArenaLabels.KIND, "sandbox")).stream().map(ContainerSummary::id).toList();
            assertThat(left).doesNotContain(leftBehind).contains(unknown);
        } finally {
            runtime.remove(unknown);
        }
    }

    private String sleeper(String evaluationId) {
        String id = runtime.create(ContainerSpec.builder("arena/busybox:1", new ArenaLabels("sandbox", evaluationId, "1", "user:1"))
                .cmd("sleep", "60").network(ContainerSpec.NO_NETWORK).memoryBytes(16 << 20).cpus(0.1).pidsLimit(16).build());
        runtime.start(id);
        return id;
    }

    private Evaluations.Claim claim(long id, Instant now, Instant leaseUntil) {
        while (true) {
            var claim = evaluations.claim("dead-worker", now, leaseUntil).orElseThrow(() -> new AssertionError("never claimed " + id));
            if (claim.id() == id) {
                return claim;
            }
        }
    }
}
