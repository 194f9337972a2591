package dev.arena.evaluations.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arena.support.ArenaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Docker daemon stops for a while: the queue holds, then drains. On a private daemon (the shared one serves
 * other tests), with a retry backoff whose three attempts alone would be spent in under a second: jobs
 * submitted while the daemon is down wait queued instead of ending as internal_error, and all complete once it
 * is back.
 */
@Tag("slow")
@Tag("docker")
class EngineOutageIntegrationTests {

    @Test
    void theQueueHoldsWhileTheDaemonIsDownThenDrains() throws Exception {
        assumeTrue(PrivateEngine.available(), "needs /usr/sbin/dockerd and root to run a private Docker daemon");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "arena-engine-");
        try (PrivateEngine engine = PrivateEngine.start(dir)) {
            engine.load("arena/busybox:1");
            try (ArenaProcess arena = ArenaProcess.start(dir, List.of("arena.runtime.docker-host=" + engine.host(), "arena.evaluations.workers=2", "arena.evaluations.max-attempts=3",
                    "arena.evaluations.retry-backoff=200ms", "arena.evaluations.warm-pool-size=1"))) {
                Submitter submitter = Submitter.signUp(arena.port(), "outage");
                assertThat(submitter.awaitResults(List.of(submitter.submit("echo before")), 60).getFirst().get("stdout").asString())
                        .isEqualTo("before\n");

                engine.stopDaemon();
                List<String> during = submitter.submitAll(IntStream.range(0, 4).mapToObj(i -> "echo during " + i).toList());
                for (int second = 0; second < 6; second++) {
                    Thread.sleep(1000);
                    assertThat(during).allSatisfy(id -> {
                        JsonNode seen = submitter.get(id);
                        assertThat(seen.get("status").asString()).as("%s", seen).isIn("queued", "running");
                        assertThat(seen.get("attempts").asInt()).as("%s", seen).isLessThanOrEqualTo(1);
                    });
                }

                engine.startDaemon();
                List<JsonNode> results = submitter.awaitResults(during, 60);
                for (int i = 0; i < during.size(); i++) {
                    assertThat(results.get(i).get("status").asString()).as("%s", results.get(i)).isEqualTo("completed");
                    assertThat(results.get(i).get("stdout").asString()).isEqualTo("during " + i + "\n");
                }
                assertThat(submitter.awaitResults(List.of(submitter.submit("echo after")), 60).getFirst().get("stdout").asString())
                        .isEqualTo("after\n");
            }
        }
    }
}
