package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The token housekeeping job: rotation when due, and pruning of what can no longer matter. */
@ArenaTest
class TokenHousekeepingTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TokenHousekeeping housekeeping;

    @Autowired
    SigningKeys keys;

    @Test
    void aSigningKeyOlderThanTheRotationPeriodIsReplacedWithoutBreakingItsTokens() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String token = ada.mint("reader").text("access_token");
        KeyRing.Key old = keys.signingKey();
        jdbc.sql("UPDATE signing_keys SET created_at = ?").param(Db.ts(Instant.now().minus(Duration.ofDays(31)))).update();

        housekeeping.run();

        List<Instant> unretired = jdbc.sql("SELECT created_at FROM signing_keys WHERE retired_at IS NULL").query((rs, n) -> Db.instant(rs, "created_at")).list();
        assertThat(unretired).hasSize(1).allSatisfy(created -> assertThat(created).isAfter(Instant.now().minusSeconds(60)));
        Instant retiredAt = jdbc.sql("SELECT retired_at FROM signing_keys WHERE id = ?").param(old.id()).query((rs, n) -> Db.instant(rs, "retired_at")).single();
        assertThat(retiredAt).isAfter(Instant.now().plus(SigningKeys.PUBLISH_AHEAD).minusSeconds(60));
        assertThat(Api.at(port).bearer(token).get("/v1/users/me").status()).isEqualTo(200);

        housekeeping.run();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_keys WHERE retired_at IS NULL").query(Long.class).single())
                .as("a fresh key is not rotated again").isEqualTo(1);
    }

    @Test
    void keysRetiredLongerThanAnyTokenLivesAreRemovedFromTheDatabaseAndTheJwks() {
        EdDsa.KeyPair ancient = EdDsa.generate();
        String kid = KeyRing.kidOf(ancient.publicKey());
        jdbc.sql("INSERT INTO signing_keys (id, kid, public_key, private_key, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(1L, kid, Base64.getUrlEncoder().withoutPadding().encodeToString(ancient.publicKey()), "v1.unused",
                        Db.ts(Instant.now().minus(Duration.ofDays(40))), Db.ts(Instant.now().minus(Duration.ofDays(3))))
                .update();

        housekeeping.run();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_keys WHERE kid = ?").param(kid).query(Long.class).single()).isZero();
        assertThat(Api.at(port).get("/.well-known/jwks.json").body()).doesNotContain(kid);
    }

    @Test
    void expiredRefreshTokensUsedAssertionsAndStaleRevocationsAreRemoved() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String refresh = ada.mint("reader").text("refresh_token");
        long projectId = Long.parseLong(ada.projectId());
        Instant past = Instant.now().minus(Duration.ofDays(2));
        jdbc.sql("UPDATE refresh_tokens SET expires_at = ? WHERE project_id = ?").params(Db.ts(past), projectId).update();
        jdbc.sql("INSERT INTO used_assertions (jti, expires_at) VALUES (?, ?)").params("1:old-jti", Db.ts(past)).update();
        jdbc.sql("INSERT INTO used_assertions (jti, expires_at) VALUES (?, ?)").params("1:live-jti", Db.ts(Instant.now().plusSeconds(300))).update();
        jdbc.sql("INSERT INTO revocation_list (kind, credential_id, revoked_at, keep_until) VALUES ('certificate', ?, ?, ?)")
                .params(2L, Db.ts(past.minus(Duration.ofDays(2))), Db.ts(past)).update();

        housekeeping.run();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE project_id = ?").param(projectId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT jti FROM used_assertions WHERE jti LIKE '1:%'").query(String.class).list()).containsExactly("1:live-jti");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM revocation_list WHERE credential_id = 2").query(Long.class).single()).isZero();
        assertThat(Api.at(port).post("/v1/tokens/refresh", java.util.Map.of("refresh_token", refresh)).status()).isEqualTo(400);
    }
}
