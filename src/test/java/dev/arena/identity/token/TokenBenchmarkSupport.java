package dev.arena.identity.token;

import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The token paths as the application runs them, built without Spring or a database, for the JMH
 * benchmarks in {@code dev.arena.bench} (which cannot see this package's internals).
 */
public final class TokenBenchmarkSupport {

    private final Ids ids = new Ids(Clock.systemUTC(), 1);
    private final AccessTokens format = new AccessTokens("arena", Duration.ofSeconds(30));
    private final KeyRing.Key key;
    private final AccessTokenVerification verification;

    public TokenBenchmarkSupport() {
        EdDsa.KeyPair pair = EdDsa.generate();
        Instant created = Instant.now().minus(Duration.ofDays(1));
        this.key = KeyRing.Key.of(1, pair.publicKey(), created, null, new EdDsa.Signer(pair.privateKey()));
        KeyRing ring = new KeyRing(List.of(key));
        this.verification = new AccessTokenVerification(format, ring::byKid, claims -> false, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /** Issues a user's access token for one hour: a fresh id, the claims, the Ed25519 signature. */
    public String issue() {
        long id = ids.next();
        var claims = new AccessTokens.Claims(id, 123_456_789L, ProjectRole.WRITER, 987_654_321L, null, null, 555_555_555L,
                Instant.ofEpochSecond(Ids.timeOf(id).getEpochSecond() + 3600));
        return format.sign(key, claims);
    }

    /** Verifies a token from scratch: parse, check the header, the signature and every claim. */
    public boolean verifyUncached(String token) {
        return format.verify(token, kid -> kid.equals(key.kid()) ? key : null, Instant.now()) != null;
    }

    /** Verifies a token as every API call does: a token seen before skips parsing and the signature. */
    public boolean verifyAsTheApiDoes(String token) {
        return verification.verify(token).isPresent();
    }
}
