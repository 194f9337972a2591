package dev.arena.evaluations.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.ArenaProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The seed's test_resilience, made real: Arena is killed with SIGKILL while evaluations run, started again on
 * the same database, and every accepted evaluation completes exactly once: one result each, a job run again
 * only where the kill cut its run off (at most one per worker), and no sandbox left behind. Without a warm
 * pool, so that every sandbox carries its evaluation's id (a killed node's warm sandboxes wait for the
 * sweeper's ten minutes).
 */
@Tag("slow")
@Tag("docker")
class ArenaKilledIntegrationTests {

    private static final int EVALUATIONS = 12;
    private static final int WORKERS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcceptedEvaluationCompletesExactlyOnceAfterAKill() throws Exception {
        List<String> settings = List.of("arena.evaluations.workers=" + WORKERS, "arena.evaluations.lease=10s", "arena.evaluations.warm-pool-size=0");
        Submitter submitter;
        List<String> ids;
        try (ArenaProcess first = ArenaProcess.start(dir, settings)) {
            submitter = Submitter.signUp(first.port(), "killed");
            ids = submitter.submitAll(IntStream.range(0, EVALUATIONS).mapToObj(i -> "sleep 1; echo ran " + i).toList());
            awaitOneRunning(submitter, ids);
            first.kill();
        }
        try (ArenaProcess second = ArenaProcess.start(dir, settings)) {
            Submitter owner = submitter.at(second.port());
            List<JsonNode> results = owner.awaitResults(ids, 120);

            for (int i = 0; i < EVALUATIONS; i++) {
                assertThat(results.get(i).get("status").asString()).as("evaluation %d: %s", i, results.get(i)).isEqualTo("completed");
                assertThat(results.get(i).get("stdout").asString()).isEqualTo("ran " + i + "\n");
            }
            assertThat(owner.listed()).as("one evaluation per accepted submission").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(results).allSatisfy(r -> assertThat(r.get("attempts").asInt()).isBetween(1, 2));
            assertThat(results.stream().filter(r -> r.get("attempts").asInt() == 2).count())
                    .as("only runs the kill cut off ran again").isBetween(1L, (long) WORKERS);
            assertThat(owner.awaitResults(List.of(owner.submit("echo after")), 60).getFirst().get("stdout").asString()).isEqualTo("after\n");
            Sandboxes.awaitNoneOf("unix:///var/run/docker.sock", ids);
        }
    }

    private static void awaitOneRunning(Submitter submitter, List<String> ids) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (submitter.get(ids.getFirst()).get("status").asString().equals("running")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first evaluation never started: " + submitter.get(ids.getFirst()));
    }
}
