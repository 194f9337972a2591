package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The access-token format: what it signs, and every kind of token it refuses. No Spring, no database. */
class AccessTokensUnitTests {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.250Z");
    static final Duration SKEW = Duration.ofSeconds(30);

    final AccessTokens tokens = new AccessTokens("arena", SKEW);
    final KeyRing.Key key = key(NOW.minus(Duration.ofDays(1)), null);
    final KeyRing ring = new KeyRing(List.of(key));

    static KeyRing.Key key(Instant createdAt, Instant retiredAt) {
        EdDsa.KeyPair pair = EdDsa.generate();
        return KeyRing.Key.of(createdAt.toEpochMilli(), pair.publicKey(), createdAt, retiredAt, new EdDsa.Signer(pair.privateKey()));
    }

    static long tokenIdAt(Instant at) {
        return new Ids(Clock.fixed(at, ZoneOffset.UTC), 7).next();
    }

    static AccessTokens.Claims userClaims(Instant issuedAt, Duration ttl) {
        long id = tokenIdAt(issuedAt);
        return new AccessTokens.Claims(id, 42, ProjectRole.WRITER, 7L, null, null, 99L,
                Instant.ofEpochSecond(Ids.timeOf(id).getEpochSecond() + ttl.toSeconds()));
    }

    AccessTokens.Claims verify(String token, Instant at) {
        return tokens.verify(token, ring::byKid, at);
    }

    @Test
    void aSignedUserTokenSaysWhoForWhichProjectWithWhichRole() {
        var claims = userClaims(NOW, Duration.ofHours(1));
        String token = tokens.sign(key, claims);

        var verified = verify(token, NOW.plusSeconds(10));

        assertThat(verified).isEqualTo(claims);
        assertThat(verified.principal()).isEqualTo(new ArenaPrincipal.ProjectToken(42, ProjectRole.WRITER, 7L, null,
                Long.toString(claims.tokenId())));
        assertThat(verified.issuedAt()).isEqualTo(NOW);
        assertThat(header(token)).isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}");
        assertThat(payload(token)).contains("\"iss\":\"arena\"", "\"sub\":\"user:7\"", "\"aud\":\"project:42\"", "\"role\":\"writer\"",
                "\"fam\":\"99\"");
    }

    @Test
    void aClientTokenCarriesItsCertificate() {
        long id = tokenIdAt(NOW);
        var claims = new AccessTokens.Claims(id, 42, ProjectRole.READER, null, 9L, 11L, null, NOW.plusSeconds(600));
        String token = tokens.sign(key, claims);

        var verified = verify(token, NOW);

        assertThat(verified.clientId()).isEqualTo(9L);
        assertThat(verified.certificateId()).isEqualTo(11L);
        assertThat(verified.userId()).isNull();
        assertThat(payload(token)).contains("\"sub\":\"client:9\"", "\"cert\":\"11\"");
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewHasPassed() {
        String token = tokens.sign(key, userClaims(NOW, Duration.ofMinutes(1)));

        assertThat(verify(token, NOW.plusSeconds(60 + 29))).isNotNull();
        assertThat(verify(token, NOW.plusSeconds(60 + 31))).isNull();
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        String token = tokens.sign(key, userClaims(NOW.plusSeconds(120), Duration.ofMinutes(5)));

        assertThat(verify(token, NOW)).isNull();
    }

    @Test
    void aChangedPayloadBreaksTheSignature() {
        String token = tokens.sign(key, userClaims(NOW, Duration.ofHours(1)));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + B64.encodeToString(payload(token).replace("writer", "admin").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(verify(forged, NOW)).isNull();
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() {
        KeyRing.Key impostor = key(NOW, null);
        String token = craft("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}",
                payload(tokens.sign(key, userClaims(NOW, Duration.ofHours(1)))), impostor.signer());

        assertThat(verify(token, NOW)).isNull();
    }

    @Test
    void aTokenSignedWithAnUnpublishedKeyIsRefused() {
        KeyRing.Key unknown = key(NOW, null);

        assertThat(verify(tokens.sign(unknown, userClaims(NOW, Duration.ofHours(1))), NOW)).isNull();
    }

    @Test
    void algNoneIsRefused() {
        String payload = payload(tokens.sign(key, userClaims(NOW, Duration.ofHours(1))));
        String unsigned = B64.encodeToString(("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}").getBytes())
                + "." + B64.encodeToString(payload.getBytes()) + ".";

        assertThat(verify(unsigned, NOW)).isNull();
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        String payload = payload(tokens.sign(key, userClaims(NOW, Duration.ofHours(1))));
        String input = B64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}").getBytes())
                + "." + B64.encodeToString(payload.getBytes());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.publicKey(), "HmacSHA256"));
        String token = input + "." + B64.encodeToString(mac.doFinal(input.getBytes()));

        assertThat(verify(token, NOW)).isNull();
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String token = new AccessTokens("someone-else", SKEW).sign(key, userClaims(NOW, Duration.ofHours(1)));

        assertThat(verify(token, NOW)).isNull();
    }

    @Test
    void anotherTypeOrACriticalHeaderIsRefused() {
        String payload = payload(tokens.sign(key, userClaims(NOW, Duration.ofHours(1))));

        assertThat(verify(craft("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}", payload, key.signer()), NOW)).isNull();
        assertThat(verify(craft("{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\"}", payload, key.signer()), NOW)).isNull();
        assertThat(verify(craft("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid()
                + "\",\"crit\":[\"exp2\"],\"exp2\":1}", payload, key.signer()), NOW)).isNull();
        assertThat(verify(craft("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}", payload, key.signer()), NOW))
                .isNotNull();
    }

    @Test
    void aTokenClaimingToLiveLongerThanADayIsRefused() {
        String token = tokens.sign(key, userClaims(NOW, Duration.ofHours(25)));

        assertThat(verify(token, NOW)).isNull();
    }

    @Test
    void aRetiredKeyVerifiesWhatItSignedBeforeRetiringButNothingAfter() {
        KeyRing.Key retired = key(NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofHours(2)));
        KeyRing withRetired = new KeyRing(List.of(retired, key));
        String before = tokens.sign(retired, userClaims(NOW.minus(Duration.ofHours(3)), Duration.ofHours(12)));
        String after = tokens.sign(retired, userClaims(NOW.minus(Duration.ofHours(1)), Duration.ofHours(12)));

        assertThat(tokens.verify(before, withRetired::byKid, NOW)).isNotNull();
        assertThat(tokens.verify(after, withRetired::byKid, NOW)).isNull();
    }

    @Test
    void garbageIsRefusedWithoutAnException() {
        for (String garbage : List.of("", "a.b.c", "...", "eyJhbGciOiJFZERTQSJ9.e30.", "x".repeat(5000),
                B64.encodeToString("{}".getBytes()) + "." + B64.encodeToString("{}".getBytes()) + ".AAAA")) {
            assertThat(verify(garbage, NOW)).as(garbage).isNull();
        }
    }

    @Test
    void wrongSubjectsAudiencesAndRolesAreRefused() {
        long id = tokenIdAt(NOW);
        String base = "{\"iss\":\"arena\",\"jti\":\"" + id + "\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 600);
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}";

        assertThat(verify(craft(header, base + ",\"sub\":\"user:7\",\"aud\":\"project:42\",\"role\":\"reader\"}", key.signer()), NOW)).isNotNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"root\",\"aud\":\"project:42\",\"role\":\"reader\"}", key.signer()), NOW)).isNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"user:7\",\"aud\":\"org:42\",\"role\":\"reader\"}", key.signer()), NOW)).isNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"user:7\",\"aud\":[\"project:42\",\"project:43\"],\"role\":\"reader\"}",
                key.signer()), NOW)).isNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"user:7\",\"aud\":\"project:42\",\"role\":\"owner\"}", key.signer()), NOW)).isNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"client:7\",\"aud\":\"project:42\",\"role\":\"reader\"}", key.signer()), NOW))
                .as("a client token without its certificate").isNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"client:7\",\"aud\":\"project:42\",\"role\":\"reader\",\"cert\":\"3\"}",
                key.signer()), NOW)).isNotNull();
        assertThat(verify(craft(header, base + ",\"sub\":\"client:7\",\"aud\":\"project:42\",\"role\":\"reader\",\"cert\":\"3\",\"fam\":\"4\"}",
                key.signer()), NOW)).as("a client token from a refresh family").isNull();
    }

    static String craft(String header, String payload, EdDsa.Signer signer) {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
