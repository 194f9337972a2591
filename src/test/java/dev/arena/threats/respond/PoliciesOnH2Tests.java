package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;

@ArenaTest
class PoliciesOnH2Tests extends PolicyScenarios {
}
