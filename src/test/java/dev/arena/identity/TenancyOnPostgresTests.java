package dev.arena.identity;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class TenancyOnPostgresTests extends TenancyScenarios {
}
