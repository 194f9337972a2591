package dev.arena.identity.token;

import dev.arena.support.ArenaTest;

@ArenaTest
class RefreshOnH2Tests extends RefreshScenarios {
}
