package dev.arena.identity;

import dev.arena.support.ArenaTest;

@ArenaTest
class AccountsOnH2Tests extends AccountScenarios {
}
