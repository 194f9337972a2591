package dev.arena.threats;

import dev.arena.support.ArenaTest;

@ArenaTest
class ThreatsOnH2Tests extends ThreatScenarios {
}
