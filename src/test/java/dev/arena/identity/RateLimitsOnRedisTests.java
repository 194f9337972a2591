package dev.arena.identity;

import dev.arena.support.ArenaTest;
import org.springframework.test.context.TestPropertySource;

/** The same limits with the buckets in the local Redis (127.0.0.1:6379), as a cluster of nodes would share them. */
@ArenaTest
@TestPropertySource(properties = "arena.redis.url=redis://127.0.0.1:6379/0")
class RateLimitsOnRedisTests extends RateLimitScenarios {
}
