package dev.arena.chatops.internal;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;

@ArenaTest
@OnPostgres
class SchedulerOnPostgresTests extends SchedulerScenarios {
}
