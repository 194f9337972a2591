package dev.arena.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.test.context.TestPropertySource;

/** Every outcome with the warm pool disabled: each job creates and starts its sandbox. */
@TestPropertySource(properties = {"arena.evaluations.warm-pool-size=0", "spring.datasource.url=jdbc:h2:mem:cold;DB_CLOSE_DELAY=-1"})
class ColdSandboxEvaluationsIntegrationTests extends EvaluationOutcomes {

    @Override
    void beforeRun(String language) {
    }

    @Override
    void afterRun(String language) {
        assertThat(poolTakes(language, "hit")).as("warm sandboxes with the pool disabled").isZero();
    }
}
