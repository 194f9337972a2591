package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
class PoliciesOnPostgresTests extends PolicyScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
