package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Team ownership: one instance per team and challenge, which any member may see, extend and stop. */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamInstancesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    @Autowired
    InstancesSettings settings;

    @AfterAll
    void cleanUp() {
        Players.cleanUp(Players.engine(), settings.deployment());
    }

    @Test
    void teamMatesShareOneInstanceAndPlayersWithoutATeamAreTurnedAway() {
        Api alice = Api.signedIn(port, "alice");
        Api bob = Api.signedIn(port, "bob");
        Api carol = Api.signedIn(port, "carol");
        String org = alice.createOrg("Team CTF");
        String project = alice.createProject(org, "team-ctf");
        join(alice, org, bob);
        join(alice, org, carol);
        String team = alice.post("/v1/orgs/" + org + "/teams", Map.of("name", "red")).text("id");
        alice.put("/v1/orgs/" + org + "/teams/" + team + "/members/" + id(alice), Map.of());
        alice.put("/v1/orgs/" + org + "/teams/" + team + "/members/" + id(bob), Map.of());
        alice.put("/v1/projects/" + project + "/grants/team/" + team, Map.of("role", "reader"));
        alice.put("/v1/projects/" + project + "/grants/user/" + id(carol), Map.of("role", "reader"));
        assertThat(bob.put("/v1/projects/" + project + "/instance-policy", Map.of("ownership", "team")).status())
                .as("players are no operators").isEqualTo(403);
        assertThat(alice.put("/v1/projects/" + project + "/instance-policy", Map.of("ownership", "team")).text("ownership"))
                .isEqualTo("team");
        String challenge = createChallenge(alice, project, webChallenge("team-web", Map.of("env", Map.of("SECRET", "s3"))));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;

        var asPlayer = bob.get(base);
        assertThat(asPlayer.json().path("env").isNull()).isTrue();
        assertThat(asPlayer.json().path("flagTemplate").isNull()).isTrue();
        assertThat(bob.post("/v1/projects/" + project + "/challenges", webChallenge("planted", Map.of())).status()).isEqualTo(403);

        var started = bob.post(base + "/instance", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.text("owner")).isEqualTo("team-" + team);
        assertThat(alice.get(base + "/instance").text("id")).isEqualTo(started.text("id"));
        assertThat(alice.post(base + "/instance", null).status()).isEqualTo(409);
        assertThat(alice.post(base + "/instance/extend", null).json().path("extensions").asInt()).isEqualTo(1);
        var teamless = carol.post(base + "/instance", null);
        assertThat(teamless.status()).isEqualTo(409);
        assertThat(teamless.text("type")).isEqualTo("urn:arena:problem:team-required");

        assertThat(alice.delete(base + "/instance").status()).isEqualTo(204);
        assertThat(bob.get(base + "/instance").text("status")).isEqualTo("stopped");
        assertThat(List.of(bob.delete(base + "/instance").status())).containsExactly(404);
    }

    private void join(Api admin, String org, Api user) {
        String email = user.get("/v1/users/me").text("email");
        assertThat(admin.post("/v1/orgs/" + org + "/invitations", Map.of("email", email, "role", "member")).status()).isEqualTo(201);
        String token = mail.lastToken(email, "ari_").orElseThrow();
        assertThat(user.post("/v1/invitations/accept", Map.of("token", token)).status()).isEqualTo(200);
    }

    private static String id(Api user) {
        return user.get("/v1/users/me").text("id");
    }
}
