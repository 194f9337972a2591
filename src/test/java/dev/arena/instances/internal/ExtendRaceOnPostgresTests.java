package dev.arena.instances.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
class ExtendRaceOnPostgresTests extends ExtendRaceScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
