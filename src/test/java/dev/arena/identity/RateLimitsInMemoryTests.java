package dev.arena.identity;

import dev.arena.support.ArenaTest;

@ArenaTest
class RateLimitsInMemoryTests extends RateLimitScenarios {
}
