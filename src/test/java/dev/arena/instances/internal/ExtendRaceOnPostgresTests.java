package dev.arena.instances.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
@DirtiesContext
class ExtendRaceOnPostgresTests extends ExtendRaceScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
