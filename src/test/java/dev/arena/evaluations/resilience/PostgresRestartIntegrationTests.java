package dev.arena.evaluations.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arena.support.ArenaProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL restarts while evaluations run, and nothing is lost: on a private cluster (the shared server
 * serves other tests), a fast restart ends every connection mid-run; every accepted evaluation still ends
 * with exactly one result, and submissions after the restart work on fresh connections. The lease is short, so
 * that heartbeats failing through the restart let leases run out mid-run (more attempts than the default
 * three, so that a loaded machine's late heartbeats cannot end a job): this test once caught a run whose
 * sandbox the sweeper removed (lease run out) reported as memory_limit; such results are now discarded.
 */
@Tag("slow")
@Tag("docker")
class PostgresRestartIntegrationTests {

    private static final int EVALUATIONS = 8;

    @TempDir
    Path dir;

    @Test
    void nothingAcceptedIsLostWhenPostgresRestartsDuringRuns() throws Exception {
        assumeTrue(PrivatePostgres.available(), "needs /usr/lib/postgresql/15/bin, runuser and root to run a private PostgreSQL");
        try (PrivatePostgres postgres = PrivatePostgres.start();
             ArenaProcess arena = ArenaProcess.start(dir, List.of("spring.datasource.url=" + postgres.url(),
                     "spring.datasource.username=postgres", "spring.datasource.password=", "arena.evaluations.workers=2",
                     "arena.evaluations.lease=3s", "arena.evaluations.max-attempts=5"))) {
            Submitter submitter = Submitter.signUp(arena.port(), "restart");
            List<String> ids = submitter.submitAll(IntStream.range(0, EVALUATIONS).mapToObj(i -> "sleep 0.5; echo ran " + i).toList());
            awaitSomeFinished(submitter, ids);

            postgres.restart();

            List<JsonNode> results = submitter.awaitResults(ids, 120);
            for (int i = 0; i < EVALUATIONS; i++) {
                assertThat(results.get(i).get("status").asString()).as("evaluation %d: %s", i, results.get(i)).isEqualTo("completed");
                assertThat(results.get(i).get("stdout").asString()).isEqualTo("ran " + i + "\n");
            }
            assertThat(submitter.listed()).as("one evaluation per accepted submission").containsExactlyInAnyOrderElementsOf(ids);
            List<String> after = submitter.submitAll(List.of("echo after 0", "echo after 1"));
            assertThat(submitter.awaitResults(after, 60)).extracting(r -> r.get("stdout").asString())
                    .containsExactly("after 0\n", "after 1\n");
        }
    }

    /** Waits until the first evaluation has its result, so that the restart falls among runs, not before them. */
    private static void awaitSomeFinished(Submitter submitter, List<String> ids) throws InterruptedException {
        submitter.awaitResults(ids.subList(0, 1), 60);
    }
}
