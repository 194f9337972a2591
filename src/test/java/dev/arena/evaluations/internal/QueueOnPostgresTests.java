package dev.arena.evaluations.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
@DirtiesContext
class QueueOnPostgresTests extends QueueScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }
}
