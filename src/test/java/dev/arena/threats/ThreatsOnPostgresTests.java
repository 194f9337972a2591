package dev.arena.threats;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import org.junit.jupiter.api.Nested;

@ArenaTest
@OnPostgres
class ThreatsOnPostgresTests extends ThreatScenarios {

    /** The end-to-end scenarios in the same application context (one connection pool fewer on the shared server). */
    @Nested
    class EndToEnd extends ThreatEndToEndScenarios {
    }
}
