package dev.arena.threats;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.junit.jupiter.api.Nested;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
@DirtiesContext
class ThreatsOnPostgresTests extends ThreatScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    /** The end-to-end scenarios in the same application context (one connection pool fewer on the shared server). */
    @Nested
    class EndToEnd extends ThreatEndToEndScenarios {
    }
}
