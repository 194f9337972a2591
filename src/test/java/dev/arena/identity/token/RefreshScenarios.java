package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Refresh-token families through HTTP: rotation, reuse detection and racing refreshes. Runs once per
 * database (see the subclasses), because the race is decided by the database's row locking.
 */
abstract class RefreshScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api.Response refresh(String token) {
        return Api.at(port).post("/v1/tokens/refresh", Map.of("refresh_token", token));
    }

    @Test
    void eachRefreshSpendsTheTokenAndHandsOutItsSuccessor() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String first = ada.owner().post(ada.tokensPath(), Map.of("role", "writer", "ttlSeconds", 600)).text("refresh_token");

        var second = refresh(first);
        var third = refresh(second.text("refresh_token"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("refresh_token")).isNotEqualTo(first).startsWith("arr_");
        assertThat(second.json().path("expires_in").asLong()).as("the family keeps its lifetime").isEqualTo(600);
        assertThat(second.text("scope")).endsWith(":writer");
        assertThat(second.header("Cache-Control")).contains("no-store");
        assertThat(third.status()).isEqualTo(200);
        assertThat(Api.at(port).bearer(third.text("access_token")).get("/v1/users/me").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT token_hash FROM refresh_tokens").query(String.class).list()).doesNotContain(first);
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamily() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        var minted = ada.mint("reader");
        String stolen = minted.text("refresh_token");
        var refreshed = refresh(stolen);
        String successor = refreshed.text("refresh_token");
        assertThat(Api.at(port).bearer(refreshed.text("access_token")).get("/v1/users/me").status()).isEqualTo(200);

        var reuse = refresh(stolen);

        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.text("type")).isEqualTo("urn:arena:problem:token-unusable");
        assertThat(refresh(successor).status()).as("the successor dies with its family").isEqualTo(400);
        assertThat(Api.at(port).bearer(refreshed.text("access_token")).get("/v1/users/me").status())
                .as("so do the access tokens the family handed out").isEqualTo(401);
        assertThat(Api.at(port).bearer(minted.text("access_token")).get("/v1/users/me").status()).isEqualTo(401);
        var otherFamily = ada.mint("reader");
        assertThat(Api.at(port).bearer(otherFamily.text("access_token")).get("/v1/users/me").status())
                .as("another family of the same user is untouched").isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE kind = 'RefreshTokenReuseDetected' AND detail LIKE ?")
                .param("%project " + ada.projectId() + "%").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentRefreshesWithOneTokenMintExactlyOneSuccessor() throws Exception {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String token = ada.mint("reader").text("refresh_token");
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> attempts = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    return refresh(token);
                }));
            }
            start.countDown();
        }
        List<Api.Response> answers = new ArrayList<>();
        for (var attempt : attempts) {
            answers.add(attempt.get());
        }

        assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() != 200).allSatisfy(a -> assertThat(a.status()).isEqualTo(400));
        long family = jdbc.sql("SELECT family_id FROM refresh_tokens WHERE project_id = ?").param(Long.parseLong(ada.projectId()))
                .query(Long.class).list().getFirst();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ?").param(family).query(Long.class).single())
                .as("the spent token and one successor").isEqualTo(2);
        var winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow();
        assertThat(refresh(winner.text("refresh_token")).status()).as("the losers were reuse, so the family is revoked").isEqualTo(400);
        assertThat(Api.at(port).bearer(winner.text("access_token")).get("/v1/users/me").status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM revocation_list WHERE kind = 'family' AND credential_id = ?").param(family)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aUserWhoLostTheRoleCannotRefresh() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        Api bob = Api.signedIn(port, "bob");
        long bobId = Long.parseLong(bob.get("/v1/users/me").text("id"));
        TokenFixtures.addMember(jdbc, ada.orgId(), bobId, "member");
        String bobsGrant = "/v1/projects/" + ada.projectId() + "/grants/user/" + bobId;
        assertThat(ada.owner().put(bobsGrant, Map.of("role", "writer")).status()).isEqualTo(200);
        var minted = bob.post(ada.tokensPath(), Map.of("role", "writer"));
        assertThat(minted.status()).isEqualTo(201);

        assertThat(ada.owner().put(bobsGrant, Map.of("role", "reader")).status()).isEqualTo(200);

        assertThat(Api.at(port).bearer(minted.text("access_token")).get("/v1/users/me").status())
                .as("the access token is not re-checked on each call").isEqualTo(200);
        assertThat(refresh(minted.text("refresh_token")).status()).isEqualTo(400);
        assertThat(Api.at(port).bearer(minted.text("access_token")).get("/v1/users/me").status())
                .as("the failed refresh revoked the family, and with it the access token").isEqualTo(401);
    }

    @Test
    void unknownAndMalformedRefreshTokensAreProblems() {
        assertThat(refresh("arr_nothing-like-it").status()).isEqualTo(400);
        assertThat(refresh("not even the prefix").status()).isEqualTo(400);
        var missing = Api.at(port).post("/v1/tokens/refresh", Map.of());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.isProblem()).isTrue();
        assertThat(Api.at(port).post("/v1/tokens/refresh", "[1,2]").status()).isEqualTo(400);
        assertThat(Api.at(port).post("/v1/tokens/refresh", Map.of("refresh_token", "x".repeat(500))).status()).isEqualTo(422);
    }
}
