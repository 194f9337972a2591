package dev.arena.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redis, prefix {@code arena.redis}. Unset (the default) keeps rate-limit buckets in memory; set, they
 * live in Redis and every node shares them.
 *
 * @param url for example {@code redis://127.0.0.1:6379/0}
 */
@ConfigurationProperties("arena.redis")
public record RedisSettings(@Nullable String url) {
}
