package dev.arena.threats;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
class ThreatEndToEndOnPostgresTests extends ThreatEndToEndScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
