package dev.arena.identity.token;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
@DirtiesContext
class RefreshOnPostgresTests extends RefreshScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
