package dev.arena.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.test.context.TestPropertySource;

/** Every outcome with the program handed to a sandbox of the warm pool (each run checks it had one). */
@TestPropertySource(properties = {"arena.evaluations.warm-pool-size=2", "spring.datasource.url=jdbc:h2:mem:warm;DB_CLOSE_DELAY=-1"})
class WarmSandboxEvaluationsIntegrationTests extends EvaluationOutcomes {

    private double hits;

    @Override
    void beforeRun(String language) {
        var size = meters.find("arena.evaluations.pool.size").tag("language", language).gauge();
        for (int i = 0; i < 300 && (size == null || size.value() < 1); i++) {
            pause();
            size = meters.find("arena.evaluations.pool.size").tag("language", language).gauge();
        }
        assertThat(size).as("the warm pool of " + language).isNotNull();
        assertThat(size.value()).as("warm " + language + " sandboxes").isPositive();
        hits = poolTakes(language, "hit");
    }

    @Override
    void afterRun(String language) {
        assertThat(poolTakes(language, "hit")).as("warm " + language + " sandboxes taken").isGreaterThan(hits);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
