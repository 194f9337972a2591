package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With the container engine down, starts are clear 503s, and the owner's cooldown still holds. */
@ArenaTest
@TestPropertySource(properties = {"arena.runtime.docker-host=unix:///nonexistent/arena-test/docker.sock",
        "arena.instances.cooldown=1h"})
class InstancesWithoutEngineTests {

    @LocalServerPort
    int port;

    @Test
    void aStartWithTheEngineDownIsA503AndTheCooldownHoldsAfterIt() {
        Api alice = Api.signedIn(port, "alice");
        String project = alice.createProject(alice.createOrg("No engine"), "no-engine");
        String base = "/v1/projects/" + project + "/challenges/" + createChallenge(alice, project, webChallenge("down", Map.of()));

        var refused = alice.post(base + "/instance", null);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:engine-unavailable");
        assertThat(refused.header("Retry-After")).isEqualTo(InstancesProblems.RETRY_AFTER_SECONDS);
        assertThat(alice.get(base + "/instance").text("status")).isEqualTo("failed");

        var again = alice.post(base + "/instance", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(429);
        assertThat(again.text("limit")).isEqualTo("instances-cooldown");
        assertThat(again.header("Retry-After")).isNotNull();
    }
}
