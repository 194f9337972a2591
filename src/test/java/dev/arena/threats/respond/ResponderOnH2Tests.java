package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;

@ArenaTest
class ResponderOnH2Tests extends ResponderScenarios {
}
