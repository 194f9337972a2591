package dev.arena.threats;

import dev.arena.support.ArenaTest;

@ArenaTest
class ThreatEndToEndTests extends ThreatEndToEndScenarios {
}
