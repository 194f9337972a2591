package dev.arena.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Organisations and projects through HTTP. Runs once per database: see the subclasses. */
abstract class TenancyScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theCreatorOwnsANewOrganisationOnTheFreeTierAndSeesItListed() {
        Api ada = Api.signedIn(port, "ada");

        var created = ada.post("/v1/orgs", Map.of("name", "  Lovelace Labs "));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Lovelace Labs");
        assertThat(created.text("tier")).isEqualTo("free");
        assertThat(created.text("role")).isEqualTo("owner");
        String orgId = created.text("id");
        assertThat(ada.get("/v1/orgs/" + orgId).text("name")).isEqualTo("Lovelace Labs");
        assertThat(ada.get("/v1/orgs").json().path("items").valueStream().map(o -> o.path("id").asString())).contains(orgId);
    }

    @Test
    void anotherUsersOrganisationAndItsProjectsAreNotFound() {
        Api ada = Api.signedIn(port, "ada");
        Api eve = Api.signedIn(port, "eve");
        String orgId = ada.createOrg("Ada's");
        ada.createProject(orgId, "secret");

        assertThat(eve.get("/v1/orgs/" + orgId).status()).isEqualTo(404);
        assertThat(eve.get("/v1/orgs/" + orgId + "/projects").status()).isEqualTo(404);
        var sneak = eve.post("/v1/orgs/" + orgId + "/projects", Map.of("name", "mine now"));
        assertThat(sneak.status()).isEqualTo(404);
        assertThat(sneak.isProblem()).isTrue();
        assertThat(eve.get("/v1/orgs").json().path("items").size()).isZero();
    }

    @Test
    void projectsArePagedWithACursorInCreationOrder() {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Paged");
        jdbc.sql("UPDATE orgs SET tier = 'pro' WHERE id = ?").param(Long.parseLong(orgId)).update();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(ada.createProject(orgId, "p" + i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            var page = ada.get("/v1/orgs/" + orgId + "/projects?limit=2&cursor=" + cursor).json();
            page.path("items").forEach(p -> seen.add(p.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(ada.get("/v1/orgs/" + orgId + "/projects?limit=0").status()).isEqualTo(422);
        assertThat(ada.get("/v1/orgs/" + orgId + "/projects?cursor=nonsense").status()).isEqualTo(422);
    }

    @Test
    void aDuplicateProjectNameIsAConflict() {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Dupes");
        ada.createProject(orgId, "same");

        var again = ada.post("/v1/orgs/" + orgId + "/projects", Map.of("name", "same"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
    }

    @Test
    void concurrentCreatesNeverExceedTheTiersProjectQuota() throws Exception {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Racy");
        int attempts = 12;
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                String name = "race-" + i;
                results.add(pool.submit((Callable<Api.Response>) () -> {
                    start.await();
                    return ada.post("/v1/orgs/" + orgId + "/projects", Map.of("name", name));
                }));
            }
            start.countDown();
        }

        List<Integer> statuses = new ArrayList<>();
        for (var result : results) {
            statuses.add(result.get().status());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(attempts - 5);
        var refused = results.stream().map(f -> f.resultNow()).filter(r -> r.status() == 403).findFirst().orElseThrow();
        assertThat(refused.text("quota")).isEqualTo("projects");
        assertThat(refused.json().path("limit").asInt()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM projects WHERE org_id = ?").param(Long.parseLong(orgId)).query(Long.class).single())
                .isEqualTo(5);
    }

    @Test
    void malformedOrgRequestsAreProblems() {
        Api ada = Api.signedIn(port, "ada");

        assertThat(ada.post("/v1/orgs", "{\"name\":").status()).isEqualTo(400);
        assertThat(ada.post("/v1/orgs", Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(ada.post("/v1/orgs", Map.of("name", "x".repeat(101))).status()).isEqualTo(422);
        assertThat(ada.get("/v1/orgs/not-an-id").status()).isEqualTo(404);
        assertThat(Api.at(port).get("/v1/orgs").status()).isEqualTo(401);
    }
}
