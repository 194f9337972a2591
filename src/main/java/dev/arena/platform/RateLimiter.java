package dev.arena.platform;

import java.time.Duration;

/**
 * Atomic token buckets shared by every caller of the same key: in memory on one node, in Redis when
 * {@code arena.redis.url} is set so that all nodes share one budget.
 */
public interface RateLimiter {

    /**
     * Takes one token from the bucket named {@code key}, creating it full with {@code limit} if it does
     * not exist yet.
     *
     * @return whether a token was taken, and if not, how long until one will be there
     */
    Decision tryAcquire(String key, Limit limit);

    /** At most {@code capacity} events per {@code period}, refilled smoothly. */
    record Limit(long capacity, Duration period) {
        public Limit {
            if (capacity < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive capacity and period");
            }
        }
    }

    /** The outcome of one attempt; {@code retryAfter} is zero when {@code allowed}. */
    record Decision(boolean allowed, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }
}
