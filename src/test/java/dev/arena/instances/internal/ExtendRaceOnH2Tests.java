package dev.arena.instances.internal;

import dev.arena.support.ArenaTest;

@ArenaTest
class ExtendRaceOnH2Tests extends ExtendRaceScenarios {
}
