package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The seed's race: 100 concurrent extends of one instance; run on each database by a subclass. */
abstract class ExtendRaceScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InstancesSettings settings;

    @AfterEach
    void cleanUp() {
        Players.cleanUp(Players.engine(), settings.deployment());
    }

    @Test
    void hundredConcurrentExtendsCountExactly() throws Exception {
        Api alice = Api.signedIn(port, "alice");
        String project = alice.createProject(alice.createOrg("Race"), "race");
        String challenge = createChallenge(alice, project, webChallenge("race", Map.of(
                "command", List.of("sleep", "300"), "lifetimeSeconds", 600, "extensionSeconds", 10, "maxExtensions", 40,
                "maxTotalSeconds", 100_000)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge + "/instance";
        var started = alice.post(base, null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        Instant expiry = Instant.parse(started.text("expiresAt"));

        List<Api.Response> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(threads.submit(() -> alice.post(base + "/extend", null)));
            }
            for (var call : calls) {
                answers.add(call.get());
            }
        }

        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(40);
        assertThat(answers).filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertThat(r.text("type")).as(r.toString()).isEqualTo("urn:arena:problem:extension-limit-reached"));
        var row = jdbc.sql("SELECT extensions, expires_at FROM instances WHERE id = ?").param(Long.parseLong(started.text("id")))
                .query((rs, n) -> Map.entry(rs.getInt(1), dev.arena.platform.Db.instant(rs, "expires_at"))).single();
        assertThat(row.getKey()).isEqualTo(40);
        assertThat(row.getValue()).isEqualTo(expiry.plusSeconds(400));
        assertThat(alice.get(base).json().path("extensionsLeft").asInt()).isZero();
    }
}
