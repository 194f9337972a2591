package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
@DirtiesContext
class ResponderOnPostgresTests extends ResponderScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
