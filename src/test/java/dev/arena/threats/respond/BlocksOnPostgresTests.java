package dev.arena.threats.respond;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class BlocksOnPostgresTests extends BlockScenarios {
}
