package dev.arena.chatops.internal;

import dev.arena.support.ArenaTest;

@ArenaTest
class SchedulerOnH2Tests extends SchedulerScenarios {
}
