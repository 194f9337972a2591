package dev.arena.identity.token;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class RefreshOnPostgresTests extends RefreshScenarios {
}
