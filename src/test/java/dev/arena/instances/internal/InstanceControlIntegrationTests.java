package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.arena.instances.InstanceControl;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Another module stops an offender's instances through {@link InstanceControl}, on the real engine. */
@ArenaTest
class InstanceControlIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    InstanceControl control;

    @Autowired
    RecordedMail mail;

    private final DockerClient engine = Players.engine();

    @AfterAll
    static void cleanUp(@Autowired InstancesSettings settings) {
        Players.cleanUp(Players.engine(), settings.deployment());
    }

    @Test
    void stoppingAnOffendersInstancesLeavesOtherPlayersAlone() {
        Api mallory = Api.signedIn(port, "mallory");
        String org = mallory.createOrg("Offenders CTF");
        String project = mallory.createProject(org, "ctf");
        String challenge = createChallenge(mallory, project, webChallenge("web-offender", Map.of()));
        Api bystander = Api.signedIn(port, "bystander");
        String email = bystander.get("/v1/users/me").text("email");
        mallory.post("/v1/orgs/" + org + "/invitations", Map.of("email", email, "role", "member"));
        bystander.post("/v1/invitations/accept", Map.of("token", mail.lastToken(email, "ari_").orElseThrow()));
        mallory.put("/v1/projects/" + project + "/grants/user/" + bystander.get("/v1/users/me").text("id"), Map.of("role", "reader"));
        String base = "/v1/projects/" + project + "/challenges/" + challenge + "/instance";
        String offending = mallory.post(base, null).text("id");
        var innocent = bystander.post(base, null);
        assertThat(innocent.status()).as(innocent.toString()).isEqualTo(201);

        int stopped = control.stopAllOf(Long.parseLong(project), Long.parseLong(mallory.get("/v1/users/me").text("id")), "test: policy fired");

        assertThat(stopped).isEqualTo(1);
        assertThat(mallory.get(base).text("status")).isEqualTo("stopped");
        assertThatThrownBy(() -> engine.inspectContainerCmd("arena-instance-" + offending).exec()).isInstanceOf(NotFoundException.class);
        assertThat(bystander.get(base).text("status")).isEqualTo("running");
        assertThat(control.stopAllOf(Long.parseLong(project), Long.parseLong(mallory.get("/v1/users/me").text("id")), "again"))
                .as("nothing left to stop").isZero();
    }
}
