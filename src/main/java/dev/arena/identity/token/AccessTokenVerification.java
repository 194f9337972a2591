package dev.arena.identity.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.security.AccessTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks the access token of every API call that carries one, without touching the database: keys, the
 * revocation caches and recently verified tokens are all in memory.
 *
 * <p>A token whose signature and claims checked out is remembered (by its exact text, up to about 8 MB of
 * tokens), so the next call with it skips parsing and the signature; expiry and revocation are checked on
 * every call all the same.
 *
 * <p>A user's token is <em>not</em> re-checked against the user's current role on each call: it carries
 * the role it was minted with until it expires (at most 24 h, 1 h by default) or its project's tokens are
 * revoked. Refreshing re-checks the role, so a demoted user's refresh fails. The same holds for a client's
 * grant. Revoke the project's tokens to cut access at once.
 */
@Component
class AccessTokenVerification implements AccessTokenVerifier {

    private static final long CACHE_CHARACTERS = 8_000_000;

    private final AccessTokens format;
    private final Function<String, KeyRing.@Nullable Key> keys;
    private final Predicate<AccessTokens.Claims> revoked;
    private final Clock clock;
    private final Duration skew;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumWeight(CACHE_CHARACTERS)
            .weigher((String token, Verified v) -> token.length())
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    @Autowired
    AccessTokenVerification(AccessTokens format, SigningKeys keys, Revocations revocations, Clock clock, TokenSettings settings) {
        this(format, keys::published, revocations::revoked, clock, settings.clockSkew());
    }

    /**
     * @param keys    the published key for a {@code kid}, or null
     * @param revoked whether verified claims have been revoked since
     */
    AccessTokenVerification(AccessTokens format, Function<String, KeyRing.@Nullable Key> keys, Predicate<AccessTokens.Claims> revoked,
                            Clock clock, Duration skew) {
        this.format = format;
        this.keys = keys;
        this.revoked = revoked;
        this.clock = clock;
        this.skew = skew;
    }

    private record Verified(AccessTokens.Claims claims, ArenaPrincipal.ProjectToken principal) {
    }

    @Override
    public Optional<ArenaPrincipal.ProjectToken> verify(String jwt) {
        Instant now = clock.instant();
        Verified token = verified.getIfPresent(jwt);
        if (token == null) {
            AccessTokens.Claims claims = format.verify(jwt, keys, now);
            if (claims == null) {
                return Optional.empty();
            }
            token = new Verified(claims, claims.principal());
            verified.put(jwt, token);
        }
        if (!now.isBefore(token.claims().expiresAt().plus(skew)) || revoked.test(token.claims())) {
            return Optional.empty();
        }
        return Optional.of(token.principal());
    }
}
