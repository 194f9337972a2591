package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;

@ArenaTest
class BlocksOnH2Tests extends BlockScenarios {
}
