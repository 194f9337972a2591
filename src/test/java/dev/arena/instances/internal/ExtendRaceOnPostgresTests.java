package dev.arena.instances.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class ExtendRaceOnPostgresTests extends ExtendRaceScenarios {
}
