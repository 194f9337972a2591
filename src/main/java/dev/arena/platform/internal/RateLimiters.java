package dev.arena.platform.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.RedisSettings;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets in memory (one node) or in Redis (many nodes), behind one {@link RateLimiter}. Both use
 * Bucket4j, so a limit means exactly the same thing in either place.
 */
final class RateLimiters implements AutoCloseable {

    private final RateLimiter limiter;
    private final @Nullable RedisClient client;
    private final @Nullable StatefulRedisConnection<String, byte[]> connection;

    private RateLimiters(RateLimiter limiter, @Nullable RedisClient client, @Nullable StatefulRedisConnection<String, byte[]> connection) {
        this.limiter = limiter;
        this.client = client;
        this.connection = connection;
    }

    static RateLimiters create(RedisSettings settings, Clock clock) {
        String url = settings.url();
        if (url == null || url.isBlank()) {
            return new RateLimiters(local(clock), null, null);
        }
        RedisClient client = RedisClient.create(url);
        StatefulRedisConnection<String, byte[]> connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        RateLimiter redis = (key, limit) -> decide(buckets.builder().build("arena:rl:" + key, () -> configuration(limit))
                .tryConsumeAndReturnRemaining(1));
        return new RateLimiters(redis, client, connection);
    }

    private static RateLimiter local(Clock clock) {
        Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(1)).maximumSize(1_000_000).build();
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        return (key, limit) -> decide(buckets.get(key + "|" + limit.capacity() + "/" + limit.period(),
                        ignored -> Bucket.builder().addLimit(configuration(limit).getBandwidths()[0]).withCustomTimePrecision(time).build())
                .tryConsumeAndReturnRemaining(1));
    }

    private static BucketConfiguration configuration(RateLimiter.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }

    private static RateLimiter.Decision decide(ConsumptionProbe probe) {
        return probe.isConsumed()
                ? RateLimiter.Decision.ALLOWED
                : new RateLimiter.Decision(false, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }
}
