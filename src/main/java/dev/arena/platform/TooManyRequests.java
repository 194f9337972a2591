package dev.arena.platform;

import java.time.Duration;

/** A rate limit refused the request; answered 429 with {@code Retry-After}. */
public final class TooManyRequests extends RuntimeException {

    private final String limit;
    private final Duration retryAfter;

    public TooManyRequests(String limit, Duration retryAfter) {
        super("rate limit '" + limit + "' reached");
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** The name of the limit that was reached, e.g. "login-per-ip". */
    public String limit() {
        return limit;
    }

    /** How long the caller should wait, rounded up to whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
