package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.identity.ProjectRole;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.SecretBox;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Project access tokens through HTTP: minting, using, the tokens Arena refuses, key rotation and JWKS. */
@ArenaTest
class AccessTokenTests {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningKeys keys;

    @Autowired
    AccessTokens format;

    @Autowired
    TokenSettings settings;

    @Test
    void theSettingsBindWithTheirDefaults() {
        assertThat(settings.issuer()).isEqualTo("arena");
        assertThat(settings.requestsPerClient()).isNotNull();
        assertThat(settings.requestsPerIp()).isNotNull();
        assertThat(settings.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aMintedTokenCallsTheApiAsItsUser() {
        var ada = TokenFixtures.Owned.create(port, "ada");

        var minted = ada.mint("writer");

        assertThat(minted.text("token_type")).isEqualTo("Bearer");
        assertThat(minted.json().path("expires_in").asLong()).isEqualTo(3600);
        assertThat(minted.text("refresh_token")).startsWith("arr_");
        assertThat(minted.text("scope")).isEqualTo("project:" + ada.projectId() + ":writer");
        assertThat(minted.header("Cache-Control")).contains("no-store");
        var me = Api.at(port).bearer(minted.text("access_token")).get("/v1/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(Long.toString(ada.userId()));
    }

    @Test
    void theTokenSaysWhoWhatAndWhereInItsClaims() {
        var ada = TokenFixtures.Owned.create(port, "ada");

        String token = ada.owner().post(ada.tokensPath(), Map.of("role", "reader", "ttlSeconds", 60)).text("access_token");

        String header = decode(token.split("\\.")[0]);
        String claims = decode(token.split("\\.")[1]);
        assertThat(header).contains("\"alg\":\"EdDSA\"", "\"typ\":\"at+jwt\"", "\"kid\":\"" + keys.signingKey().kid() + "\"");
        assertThat(claims).contains("\"iss\":\"arena\"", "\"sub\":\"user:" + ada.userId() + "\"", "\"aud\":\"project:" + ada.projectId() + "\"",
                "\"role\":\"reader\"", "\"jti\":");
        assertThat(claims).matches(".*\"exp\":(\\d+).*");
    }

    @Test
    void aTokenAboveTheCallersRoleIsRefusedNamingTheRole() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        Api bob = Api.signedIn(port, "bob");
        long bobId = Long.parseLong(bob.get("/v1/users/me").text("id"));
        TokenFixtures.addMember(jdbc, ada.orgId(), bobId, "member");
        jdbc.sql("INSERT INTO project_grants (project_id, subject_type, subject_id, role) VALUES (?, 'user', ?, 'reader')")
                .params(Long.parseLong(ada.projectId()), bobId).update();

        assertThat(bob.post(ada.tokensPath(), Map.of("role", "reader")).status()).isEqualTo(201);
        var refused = bob.post(ada.tokensPath(), Map.of("role", "writer"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:role-required");
        assertThat(refused.text("role")).isEqualTo("writer");
    }

    @Test
    void lifetimesOutsideOneMinuteToOneDayAreUnacceptableNamingTheField() {
        var ada = TokenFixtures.Owned.create(port, "ada");

        for (int ttl : new int[] {59, 86_401, -1}) {
            var refused = ada.owner().post(ada.tokensPath(), Map.of("role", "reader", "ttlSeconds", ttl));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.text("field")).isEqualTo("ttlSeconds");
        }
        assertThat(ada.owner().post(ada.tokensPath(), Map.of("role", "reader", "ttlSeconds", 86_400)).json().path("expires_in").asLong())
                .isEqualTo(86_400);
    }

    @Test
    void malformedMintRequestsAreProblems() {
        var ada = TokenFixtures.Owned.create(port, "ada");

        var unknownRole = ada.owner().post(ada.tokensPath(), Map.of("role", "owner"));
        assertThat(unknownRole.status()).isEqualTo(422);
        assertThat(unknownRole.text("field")).isEqualTo("role");
        assertThat(ada.owner().post(ada.tokensPath(), Map.of()).status()).isEqualTo(422);
        var notJson = ada.owner().post(ada.tokensPath(), "{\"role\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.isProblem()).isTrue();
        assertThat(ada.owner().post(ada.tokensPath(), Map.of("role", "reader", "ttlSeconds", "soon")).status()).isEqualTo(400);
    }

    @Test
    void aProjectOfAnotherOrgOrAnotherUsersProjectIsNotFound() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        var eve = TokenFixtures.Owned.create(port, "eve");

        var wrongOrg = ada.owner().post("/v1/orgs/" + ada.orgId() + "/projects/" + eve.projectId() + "/tokens", Map.of("role", "reader"));
        var foreign = eve.owner().post(ada.tokensPath(), Map.of("role", "reader"));
        var mixed = eve.owner().post("/v1/orgs/" + eve.orgId() + "/projects/" + ada.projectId() + "/tokens", Map.of("role", "reader"));

        assertThat(wrongOrg.status()).isEqualTo(404);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(mixed.status()).isEqualTo(404);
        assertThat(ada.owner().post("/v1/orgs/1/projects/2/tokens", Map.of("role", "reader")).status()).isEqualTo(404);
    }

    @Test
    void anAccessTokenCannotMintTokens() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String token = ada.mint("admin").text("access_token");

        var refused = Api.at(port).bearer(token).post(ada.tokensPath(), Map.of("role", "reader"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:credential-not-allowed");
    }

    @Test
    void expiredForgedWrongKeyUnsignedHmacAndForeignIssuerTokensAreAllUnauthenticated() throws Exception {
        var ada = TokenFixtures.Owned.create(port, "ada");
        long userId = ada.userId();
        long projectId = Long.parseLong(ada.projectId());
        KeyRing.Key key = keys.signingKey();
        Instant now = Instant.now();
        String good = format.sign(key, claims(userId, projectId, now, Duration.ofMinutes(10)));
        assertThat(call(good)).isEqualTo(200);

        String expired = format.sign(key, claims(userId, projectId, now.minus(Duration.ofHours(2)), Duration.ofHours(1)));
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + B64.encodeToString(decode(parts[1]).replace("\"role\":\"reader\"", "\"role\":\"admin\"")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        EdDsa.KeyPair stranger = EdDsa.generate();
        String wrongKey = AccessTokensUnitTests.craft(decode(parts[0]), decode(parts[1]), new EdDsa.Signer(stranger.privateKey()));
        String unsigned = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes()) + "." + parts[1] + ".";
        String hmacInput = B64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}").getBytes()) + "." + parts[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.publicKey(), "HmacSHA256"));
        String hmac = hmacInput + "." + B64.encodeToString(mac.doFinal(hmacInput.getBytes()));
        String foreignIssuer = new AccessTokens("https://evil.example", Duration.ofSeconds(30)).sign(key, claims(userId, projectId, now, Duration.ofMinutes(10)));

        for (String bad : new String[] {expired, forged, wrongKey, unsigned, hmac, foreignIssuer, "a.b.c"}) {
            var refused = Api.at(port).bearer(bad).get("/v1/users/me");
            assertThat(refused.status()).as(bad).isEqualTo(401);
            assertThat(refused.isProblem()).isTrue();
        }
    }

    @Test
    void rotationKeepsEarlierTokensValidAndPublishesBothKeys() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String before = ada.mint("reader").text("access_token");
        String oldKid = keys.signingKey().kid();

        keys.rotate(Instant.now());

        var jwks = Api.at(port).get("/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Cache-Control")).contains("max-age=300").contains("public");
        var kids = jwks.json().path("keys").valueStream().map(k -> k.path("kid").asString()).toList();
        assertThat(kids).hasSizeGreaterThanOrEqualTo(2).contains(oldKid);
        jwks.json().path("keys").valueStream().forEach(k -> {
            assertThat(k.path("kty").asString()).isEqualTo("OKP");
            assertThat(k.path("crv").asString()).isEqualTo("Ed25519");
            assertThat(k.path("alg").asString()).isEqualTo("EdDSA");
            assertThat(k.has("d")).isFalse();
        });
        assertThat(keys.signingKey().kid()).as("the old key signs until the new one has been published a while").isEqualTo(oldKid);

        jdbc.sql("UPDATE signing_keys SET retired_at = ? WHERE kid = ?").params(Db.ts(Instant.now().minusSeconds(1)), oldKid).update();
        keys.reloadNow();
        String after = ada.mint("reader").text("access_token");

        assertThat(decode(after.split("\\.")[0])).doesNotContain(oldKid);
        assertThat(Api.at(port).bearer(before).get("/v1/users/me").status()).isEqualTo(200);
        assertThat(Api.at(port).bearer(after).get("/v1/users/me").status()).isEqualTo(200);
        assertThat(Api.at(port).get("/.well-known/jwks.json").json().path("keys").valueStream().map(k -> k.path("kid").asString()))
                .contains(oldKid);
    }

    @Test
    void privateHalvesOfSigningKeysAreSealedWithTheirRowIdAsAssociatedData() {
        KeyRing.Key key = keys.signingKey();

        String sealed = jdbc.sql("SELECT private_key FROM signing_keys WHERE id = ?").param(key.id()).query(String.class).single();

        assertThat(sealed).startsWith("v1.");
        byte[] opened = secrets.open(sealed, Long.toString(key.id()));
        assertThat(EdDsa.publicKeyOf(opened)).isEqualTo(key.publicKey());
        assertThatThrownBy(() -> secrets.open(sealed, Long.toString(key.id() + 1))).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Autowired
    SecretBox secrets;

    @Test
    void revokingAllTokensOfAProjectRefusesOutstandingOnesButNotNewOnes() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        var minted = ada.mint("admin");
        String access = minted.text("access_token");
        assertThat(Api.at(port).bearer(access).get("/v1/users/me").status()).isEqualTo(200);

        var revoked = ada.owner().post("/v1/projects/" + ada.projectId() + "/tokens/revoke", null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("refreshTokensRevoked").asInt()).isEqualTo(1);
        assertThat(Api.at(port).bearer(access).get("/v1/users/me").status()).isEqualTo(401);
        assertThat(Api.at(port).post("/v1/tokens/refresh", Map.of("refresh_token", minted.text("refresh_token"))).status()).isEqualTo(400);
        String fresh = ada.mint("admin").text("access_token");
        assertThat(Api.at(port).bearer(fresh).get("/v1/users/me").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE kind = 'ProjectTokensRevoked' AND org_id = ?")
                .param(Long.parseLong(ada.orgId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void revokingAllTokensNeedsProjectAdmin() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        var eve = TokenFixtures.Owned.create(port, "eve");
        String writer = ada.mint("writer").text("access_token");

        assertThat(eve.owner().post("/v1/projects/" + ada.projectId() + "/tokens/revoke", null).status()).isEqualTo(404);
        var refused = Api.at(port).bearer(writer).post("/v1/projects/" + ada.projectId() + "/tokens/revoke", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("role")).isEqualTo("admin");
        assertThat(Api.at(port).bearer(writer).get("/v1/users/me").status()).isEqualTo(200);
    }

    private int call(String token) {
        return Api.at(port).bearer(token).get("/v1/users/me").status();
    }

    private static AccessTokens.Claims claims(long userId, long projectId, Instant issuedAt, Duration ttl) {
        long id = new Ids(Clock.fixed(issuedAt, ZoneOffset.UTC), 1000).next();
        return new AccessTokens.Claims(id, projectId, ProjectRole.READER, userId, null, null, null,
                Instant.ofEpochSecond(Ids.timeOf(id).getEpochSecond() + ttl.toSeconds()));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
