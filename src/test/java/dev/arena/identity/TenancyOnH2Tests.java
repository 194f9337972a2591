package dev.arena.identity;

import dev.arena.support.ArenaTest;

@ArenaTest
class TenancyOnH2Tests extends TenancyScenarios {
}
