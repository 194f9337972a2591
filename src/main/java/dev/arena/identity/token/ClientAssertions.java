package dev.arena.identity.token;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.Db;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks the signed assertion with which an API client proves itself (RFC 7523 {@code private_key_jwt}):
 * a JWS with {@code alg} {@code EdDSA} and {@code kid} = the id of one of the client's live certificates,
 * signed with that certificate's key, whose claims say {@code iss} = {@code sub} = the client's id,
 * {@code aud} = Arena's issuer or its token endpoint URL, an {@code exp} at most
 * {@link #MAX_LIFETIME} away, and a {@code jti} never used before by that client (recorded until the
 * assertion expires). An assertion is good once.
 */
@Component
class ClientAssertions {

    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final int MAX_JTI = 64;

    private static final Logger log = LoggerFactory.getLogger(ClientAssertions.class);

    private final JdbcClient jdbc;
    private final Revocations revocations;
    private final Duration skew;
    private final Set<String> audiences;
    private final LoadingCache<Long, Optional<Holder>> holders;

    ClientAssertions(JdbcClient jdbc, Certificates certificates, Revocations revocations, TokenSettings settings,
                     IdentitySettings identity) {
        this.jdbc = jdbc;
        this.revocations = revocations;
        this.skew = settings.clockSkew();
        String base = identity.publicUrl().replaceAll("/+$", "");
        this.audiences = Set.of(settings.issuer(), base + "/v1/tokens/client", base);
        this.holders = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(settings.revocationCacheTtl())
                .build(id -> certificates.active(id).map(c -> new Holder(c.clientId(), c.orgId(), new EdDsa.Verifier(c.publicKeyBytes()))));
    }

    /** Who proved themselves: the client, its org, and the certificate whose key signed. */
    record Proven(long clientId, long orgId, long certificateId) {
    }

    /** A live certificate, its key decoded once. */
    private record Holder(long clientId, long orgId, EdDsa.Verifier verifier) {
    }

    /**
     * The client the assertion proves, after recording its {@code jti} as used.
     *
     * @throws IdentityProblem.InvalidCredentials when it proves nothing, is replayed, expired or from a
     *                                            revoked certificate (never says which; the log does, at debug)
     */
    Proven verify(String assertion, Instant now) {
        try {
            Proven proven = check(assertion, now);
            if (proven != null) {
                return proven;
            }
        } catch (ParseException | RuntimeException malformed) {
            log.debug("Malformed client assertion: {}", malformed.getMessage());
        }
        throw new IdentityProblem.InvalidCredentials();
    }

    private @Nullable Proven check(String assertion, Instant now) throws ParseException {
        if (assertion.length() > 8192) {
            return refused("too long");
        }
        SignedJWT jws = SignedJWT.parse(assertion);
        JWSHeader header = jws.getHeader();
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || header.getKeyID() == null
                || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
            return refused("header");
        }
        long certificateId = Long.parseLong(header.getKeyID());
        Holder holder = holders.get(certificateId).orElse(null);
        if (holder == null || revocations.isRevokedCertificate(certificateId)) {
            return refused("no live certificate " + certificateId);
        }
        if (!holder.verifier().verify(jws.getSigningInput(), jws.getSignature().decode())) {
            return refused("signature");
        }
        JWTClaimsSet claims = jws.getJWTClaimsSet();
        String client = Long.toString(holder.clientId());
        if (!client.equals(claims.getIssuer()) || !client.equals(claims.getSubject())
                || claims.getAudience().stream().noneMatch(audiences::contains)) {
            return refused("iss, sub or aud");
        }
        Instant expiresAt = timely(claims, now);
        if (expiresAt == null || !firstUse(holder.clientId(), claims.getJWTID(), expiresAt)) {
            return refused("expired, too long-lived or replayed");
        }
        return new Proven(holder.clientId(), holder.orgId(), certificateId);
    }

    /** The assertion's expiry if it is live now and lives at most {@link #MAX_LIFETIME}; else null. */
    private @Nullable Instant timely(JWTClaimsSet claims, Instant now) {
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(skew)) || exp.toInstant().isAfter(now.plus(MAX_LIFETIME).plus(skew))
                || (iat != null && iat.toInstant().isAfter(now.plus(skew)))
                || (nbf != null && nbf.toInstant().isAfter(now.plus(skew)))) {
            return null;
        }
        return exp.toInstant().plus(skew);
    }

    /** Records the jti; false when the client used it before. */
    private boolean firstUse(long clientId, @Nullable String jti, Instant until) {
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO used_assertions (jti, expires_at) VALUES (?, ?)").params(clientId + ":" + jti, Db.ts(until)).update();
            return true;
        } catch (DuplicateKeyException replayed) {
            return false;
        }
    }

    /** Removes records of assertions that expired (they are refused by their exp anyway); returns how many. */
    int pruneUsed(Instant now) {
        return jdbc.sql("DELETE FROM used_assertions WHERE expires_at < ?").param(Db.ts(now)).update();
    }

    private static @Nullable Proven refused(String why) {
        log.debug("Client assertion refused: {}", why);
        return null;
    }
}
