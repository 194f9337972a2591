package dev.arena.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Identity settings, prefix {@code arena.identity}.
 *
 * @param webSessionTtl      lifetime of a browser session (default 30 days)
 * @param cliSessionTtl      lifetime of a CLI session (default 90 days)
 * @param maxSessionsPerUser live sessions per user; the oldest is evicted beyond it (default 10)
 * @param secureCookies      mark cookies {@code Secure} (default true; browsers accept them on localhost)
 * @param publicUrl          Arena's address as users see it, for links in mail (default http://localhost:8080)
 * @param argon2MemoryKib    Argon2id memory in KiB (default 19456 = 19 MiB, OWASP)
 * @param argon2Iterations   Argon2id passes (default 2, OWASP)
 * @param argon2Parallelism  Argon2id lanes (default 1, OWASP)
 * @param argon2Concurrency  Argon2id hashes computed at once (default 0: one per processor); others wait
 * @param invitationTtl      how long an invitation can be accepted (default 7 days)
 * @param limits             rate limits (token endpoints have theirs in {@code arena.tokens})
 */
@Validated
@ConfigurationProperties("arena.identity")
public record IdentitySettings(
        @DefaultValue("30d") Duration webSessionTtl,
        @DefaultValue("90d") Duration cliSessionTtl,
        @DefaultValue("10") @Min(1) @Max(1000) int maxSessionsPerUser,
        @DefaultValue("true") boolean secureCookies,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("19456") @Min(8) int argon2MemoryKib,
        @DefaultValue("2") @Min(1) int argon2Iterations,
        @DefaultValue("1") @Min(1) int argon2Parallelism,
        @DefaultValue("0") @Min(0) int argon2Concurrency,
        @DefaultValue("7d") Duration invitationTtl,
        @DefaultValue Limits limits) {

    /**
     * Rate limits, each written {@code <capacity>/<period>}, e.g. {@code 100/1h}.
     *
     * @param loginPerIp        default 100/1h
     * @param loginPerAccount   default 10/1m
     * @param registrationPerIp default 5/1d
     */
    public record Limits(
            @DefaultValue("100/1h") Limit loginPerIp,
            @DefaultValue("10/1m") Limit loginPerAccount,
            @DefaultValue("5/1d") Limit registrationPerIp) {
    }

    /** {@code capacity} events per {@code period}. */
    public record Limit(long capacity, Duration period) {

        /** Parses {@code <capacity>/<period>}, the period in Spring's duration syntax ({@code 1h}, {@code 30s}). */
        public static Limit valueOf(String text) {
            String[] parts = text.trim().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate limit is written <capacity>/<period>, e.g. 100/1h; got " + text);
            }
            return new Limit(Long.parseLong(parts[0].trim()),
                    org.springframework.boot.convert.DurationStyle.detectAndParse(parts[1].trim()));
        }

        public dev.arena.platform.RateLimiter.Limit toLimit() {
            return new dev.arena.platform.RateLimiter.Limit(capacity, period);
        }
    }
}
