package dev.arena.identity.token;

import dev.arena.identity.IdentitySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings, prefix {@code arena.tokens}. Flat on purpose: every value is a scalar with its default
 * right here, and a bad value stops start-up with a message that names the setting.
 *
 * @param issuer               the {@code iss} of every access token (default {@code arena})
 * @param accessTokenTtl       lifetime of an access token when the request names none (default 3600 s;
 *                             60 s–24 h)
 * @param refreshTokenTtl      how long a refresh token stays usable; every refresh hands out a successor
 *                             good for as long again (default 30 days)
 * @param signingKeyRotation   age at which the signing key is replaced (default 30 days; at least 25 h, so
 *                             a retired key outlives the longest token it signed)
 * @param housekeepingInterval how often key rotation and pruning of spent tokens run (default 1 minute)
 * @param revocationCacheTtl   how long a node keeps an API client certificate's decoded key before reading
 *                             the certificate again (default 5 s; 1 s–5 min); revocations themselves (a
 *                             project's revoke-all, revoked certificates) reach every node when they commit
 * @param clockSkew            tolerance for clocks that disagree, on {@code exp}, {@code nbf} and
 *                             {@code iat} (default 30 s; at most 5 min)
 * @param requestsPerClient    token requests per user (minting, refreshing) or per API client (client
 *                             grant), {@code <capacity>/<period>} (default 600/1m)
 * @param requestsPerIp        calls to the public token endpoints ({@code /v1/tokens/refresh},
 *                             {@code /v1/tokens/client}) per client address, counted before anything
 *                             else is checked (default 1200/1m)
 */
@ConfigurationProperties("arena.tokens")
record TokenSettings(
        @DefaultValue("arena") String issuer,
        @DefaultValue("3600s") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("30d") Duration signingKeyRotation,
        @DefaultValue("1m") Duration housekeepingInterval,
        @DefaultValue("5s") Duration revocationCacheTtl,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("600/1m") IdentitySettings.Limit requestsPerClient,
        @DefaultValue("1200/1m") IdentitySettings.Limit requestsPerIp) {

    /** The shortest access-token lifetime a request may ask for. */
    static final Duration MIN_ACCESS_TTL = Duration.ofSeconds(60);
    /** The longest access-token lifetime a request may ask for; no token outlives it. */
    static final Duration MAX_ACCESS_TTL = Duration.ofHours(24);

    TokenSettings {
        require(!issuer.isBlank() && issuer.length() <= 200, "issuer", "must be 1–200 characters");
        require(within(accessTokenTtl, MIN_ACCESS_TTL, MAX_ACCESS_TTL), "access-token-ttl", "must be 60s–24h, was " + accessTokenTtl);
        require(within(refreshTokenTtl, Duration.ofMinutes(5), Duration.ofDays(3650)), "refresh-token-ttl",
                "must be 5m–3650d, was " + refreshTokenTtl);
        require(within(signingKeyRotation, Duration.ofHours(25), Duration.ofDays(3650)), "signing-key-rotation",
                "must be at least 25h so that retired keys outlive every token they signed, was " + signingKeyRotation);
        require(within(housekeepingInterval, Duration.ofSeconds(1), Duration.ofHours(1)), "housekeeping-interval",
                "must be 1s–1h, was " + housekeepingInterval);
        require(within(revocationCacheTtl, Duration.ofSeconds(1), Duration.ofMinutes(5)), "revocation-cache-ttl",
                "must be 1s–5m, was " + revocationCacheTtl);
        require(within(clockSkew, Duration.ZERO, Duration.ofMinutes(5)), "clock-skew", "must be 0s–5m, was " + clockSkew);
    }

    /** Settings with every default, for tests and benchmarks that build the token classes by hand. */
    static TokenSettings defaults() {
        return new TokenSettings("arena", Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(30), Duration.ofMinutes(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30), IdentitySettings.Limit.valueOf("600/1m"),
                IdentitySettings.Limit.valueOf("1200/1m"));
    }

    private static boolean within(Duration value, Duration min, Duration max) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("arena.tokens." + setting + " " + problem);
        }
    }
}
