package dev.arena.identity.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.JSONStringUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The access-token format: a compact JWS signed with Ed25519 ({@code alg} {@code EdDSA}, {@code typ}
 * {@code at+jwt} as in RFC 9068, {@code kid} naming the signing key), with the claims
 * <ul>
 *   <li>{@code iss} — the configured issuer;</li>
 *   <li>{@code sub} — {@code user:<id>} or {@code client:<id>};</li>
 *   <li>{@code aud} — {@code project:<id>}, the one project the token is good for;</li>
 *   <li>{@code role} — the project role it carries ({@code reader} … {@code admin});</li>
 *   <li>{@code jti} — a Snowflake id, which also records the issue time to the millisecond (revoke-all
 *       compares against it: {@code iat} has only whole seconds);</li>
 *   <li>{@code iat}, {@code exp} — seconds since the epoch;</li>
 *   <li>{@code cert} — for a client's token, the certificate whose key signed the client's assertion, so
 *       revoking the certificate refuses the token;</li>
 *   <li>{@code fam} — for a user's token, the refresh family it belongs to, so revoking the family (a
 *       spent refresh token presented again) refuses the access tokens it handed out too.</li>
 * </ul>
 * Verification accepts nothing else: another algorithm ({@code none}, {@code HS256}, ...), another type, an
 * unknown key, a {@code crit} header, a wrong issuer, a token expired beyond the clock skew, one that
 * claims to live longer than 24 h, or one signed by a retired key after it retired. Pure and thread-safe:
 * revocation is checked by the caller.
 */
final class AccessTokens {

    static final String TYPE = "at+jwt";
    static final int MAX_LENGTH = 4096;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final String issuerMember;
    private final Duration skew;
    private final Map<String, String> headers = new ConcurrentHashMap<>();

    AccessTokens(String issuer, Duration skew) {
        this.issuer = issuer;
        this.issuerMember = "{\"iss\":" + JSONStringUtils.toJSONString(issuer);
        this.skew = skew;
    }

    /**
     * What a token says. Exactly one of {@code userId} and {@code clientId} is set; {@code certificateId}
     * is set exactly when {@code clientId} is; {@code familyId} only with {@code userId}.
     */
    record Claims(long tokenId, long projectId, ProjectRole role, @Nullable Long userId, @Nullable Long clientId,
                  @Nullable Long certificateId, @Nullable Long familyId, Instant expiresAt) {

        /** When the token was issued, to the millisecond. */
        Instant issuedAt() {
            return Ids.timeOf(tokenId);
        }

        String subject() {
            return userId != null ? "user:" + userId : "client:" + clientId;
        }

        ArenaPrincipal.ProjectToken principal() {
            return new ArenaPrincipal.ProjectToken(projectId, role, userId, clientId, Long.toString(tokenId));
        }
    }

    /** The signed token for {@code claims}; {@code key} must be able to sign. */
    String sign(KeyRing.Key key, Claims claims) {
        EdDsa.Signer signer = key.signer();
        if (signer == null) {
            throw new IllegalStateException("key " + key.kid() + " cannot sign");
        }
        StringBuilder json = new StringBuilder(256).append(issuerMember)
                .append(",\"sub\":\"").append(claims.subject())
                .append("\",\"aud\":\"project:").append(claims.projectId())
                .append("\",\"role\":\"").append(claims.role().wireName())
                .append("\",\"jti\":\"").append(claims.tokenId())
                .append("\",\"iat\":").append(claims.issuedAt().getEpochSecond())
                .append(",\"exp\":").append(claims.expiresAt().getEpochSecond());
        if (claims.certificateId() != null) {
            json.append(",\"cert\":\"").append(claims.certificateId()).append('"');
        }
        if (claims.familyId() != null) {
            json.append(",\"fam\":\"").append(claims.familyId()).append('"');
        }
        json.append('}');
        String signingInput = headers.computeIfAbsent(key.kid(), AccessTokens::header) + "." + BASE64URL.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }

    /**
     * What a token proves, checked against the published keys ({@code keys} maps a {@code kid} to its key, or
     * to null) at {@code now}; null when it proves nothing. Revocation is not checked here.
     */
    @Nullable Claims verify(String token, Function<String, KeyRing.@Nullable Key> keys, Instant now) {
        if (token.length() > MAX_LENGTH) {
            return null;
        }
        try {
            SignedJWT jws = SignedJWT.parse(token);
            KeyRing.Key key = acceptedKey(jws.getHeader(), keys);
            if (key == null || !key.verifier().verify(jws.getSigningInput(), jws.getSignature().decode())) {
                return null;
            }
            return claims(jws.getJWTClaimsSet(), key, now);
        } catch (ParseException | RuntimeException malformed) {
            return null;
        }
    }

    private static KeyRing.@Nullable Key acceptedKey(JWSHeader header, Function<String, KeyRing.@Nullable Key> keys) {
        boolean acceptable = JWSAlgorithm.EdDSA.equals(header.getAlgorithm())
                && header.getType() != null && TYPE.equals(header.getType().getType())
                && (header.getCriticalParams() == null || header.getCriticalParams().isEmpty())
                && header.getKeyID() != null;
        return acceptable ? keys.apply(header.getKeyID()) : null;
    }

    private @Nullable Claims claims(JWTClaimsSet set, KeyRing.Key key, Instant now) throws ParseException {
        Date iat = set.getIssueTime();
        Date exp = set.getExpirationTime();
        Date nbf = set.getNotBeforeTime();
        List<String> audience = set.getAudience();
        if (!issuer.equals(set.getIssuer()) || iat == null || exp == null || audience.size() != 1 || set.getJWTID() == null) {
            return null;
        }
        Instant expiresAt = exp.toInstant();
        Instant issuedAtSeconds = iat.toInstant();
        if (!now.isBefore(expiresAt.plus(skew)) || issuedAtSeconds.isAfter(now.plus(skew))
                || (nbf != null && nbf.toInstant().isAfter(now.plus(skew)))
                || Duration.between(issuedAtSeconds, expiresAt).compareTo(TokenSettings.MAX_ACCESS_TTL) > 0) {
            return null;
        }
        long tokenId = Long.parseLong(set.getJWTID());
        Instant issuedAt = Ids.timeOf(tokenId);
        if (tokenId <= 0 || issuedAt.getEpochSecond() != issuedAtSeconds.getEpochSecond()
                || (key.retiredAt() != null && issuedAt.isAfter(key.retiredAt().plus(skew)))) {
            return null;
        }
        return subjectClaims(set, tokenId, audience.getFirst(), expiresAt);
    }

    private static @Nullable Claims subjectClaims(JWTClaimsSet set, long tokenId, String audience, Instant expiresAt)
            throws ParseException {
        if (!audience.startsWith("project:")) {
            return null;
        }
        long projectId = positive(audience.substring("project:".length()));
        ProjectRole role = ProjectRole.fromWire(String.valueOf(set.getStringClaim("role")));
        String subject = String.valueOf(set.getSubject());
        String cert = set.getStringClaim("cert");
        String family = set.getStringClaim("fam");
        if (subject.startsWith("user:") && cert == null) {
            return new Claims(tokenId, projectId, role, positive(subject.substring(5)), null, null,
                    family == null ? null : positive(family), expiresAt);
        }
        if (subject.startsWith("client:") && cert != null && family == null) {
            return new Claims(tokenId, projectId, role, null, positive(subject.substring(7)), positive(cert), null, expiresAt);
        }
        return null;
    }

    /** A positive decimal id; anything else is a {@link NumberFormatException} (malformed token). */
    private static long positive(String text) {
        long value = Long.parseLong(text);
        if (value <= 0) {
            throw new NumberFormatException("not a positive id: " + text);
        }
        return value;
    }

    private static String header(String kid) {
        return BASE64URL.encodeToString(("{\"alg\":\"EdDSA\",\"typ\":\"" + TYPE + "\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
