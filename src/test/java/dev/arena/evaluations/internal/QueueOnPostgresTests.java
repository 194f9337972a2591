package dev.arena.evaluations.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class QueueOnPostgresTests extends QueueScenarios {
}
