package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.Tenants;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/projects/{p}/chatops-audit}: the chat-ops audit log for a project's managers, newest first and
 * paged by cursor; readers 403, strangers 401, other tenants 404, bad parameters a problem.
 */
@ArenaTest
class ChatopsAuditRouteTests {

    @LocalServerPort
    int port;

    @Autowired
    ChatopsAudit audit;

    @Autowired
    RecordedMail mail;

    Api admin;
    long project;
    String log;

    @BeforeEach
    void setUp() {
        admin = Api.signedIn(port, "audit-admin");
        project = Long.parseLong(Fixtures.project(admin, "audit"));
        log = "/v1/projects/" + project + "/chatops-audit";
    }

    @Test
    void aManagerReadsTheLogNewestFirstOnePageAtATime() {
        long user = Fixtures.userId(admin);
        audit.record(project, user, "console", "user:" + user, "container restart", "db", "ok", "The container db was restarted.");
        audit.record(project, null, "discord", "discord:4242", "container stop", "db", "denied", "Containers are for managers.");
        audit.record(project, null, "schedule", "schedule:7", "schedule close", "web", "skipped", "skipped 2 run(s)");

        var first = admin.get(log + "?limit=2");

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        List<JsonNode> items = first.json().path("items").valueStream().toList();
        assertThat(items).extracting(e -> e.path("source").asString()).containsExactly("schedule", "discord");
        assertThat(items.get(1).path("actor").asString()).isEqualTo("discord:4242");
        assertThat(items.get(1).path("outcome").asString()).isEqualTo("denied");
        assertThat(items.get(1).path("userId").isNull()).isTrue();
        String cursor = first.text("nextCursor");

        var second = admin.get(log + "?limit=2&cursor=" + cursor);
        List<JsonNode> older = second.json().path("items").valueStream().toList();
        assertThat(older).hasSize(1);
        JsonNode restart = older.getFirst();
        assertThat(restart.path("userId").asString()).isEqualTo(Long.toString(user));
        assertThat(restart.path("action").asString()).isEqualTo("container restart");
        assertThat(restart.path("target").asString()).isEqualTo("db");
        assertThat(restart.path("detail").asString()).isEqualTo("The container db was restarted.");
        assertThat(restart.path("at").asString()).isNotBlank();
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void theLogIsForManagersOfTheProjectOnly() {
        audit.record(project, null, "discord", "discord:1", "container restart", "secret-db", "ok", "secret detail");
        Api reader = Api.signedIn(port, "audit-reader");
        Tenants.join(admin, orgOf(project), reader, "member", mail);
        admin.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(reader), Map.of("role", "reader"));
        Api stranger = Api.signedIn(port, "audit-stranger");
        stranger.createProject(stranger.createOrg("audit-stranger-org"), "audit-stranger-project");

        var forReader = reader.get(log);
        assertThat(forReader.status()).isEqualTo(403);
        assertThat(forReader.text("type")).endsWith("role-required");
        var forStranger = stranger.get(log);
        assertThat(forStranger.status()).isEqualTo(404);
        assertThat(forStranger.body()).doesNotContain("secret-db", "secret detail");
        var anonymous = Api.at(port).get(log);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
    }

    @Test
    void badParametersAreProblemsNeverA500() {
        assertThat(admin.get(log + "?limit=0").status()).isEqualTo(422);
        assertThat(admin.get(log + "?limit=201").status()).isEqualTo(422);
        var notANumber = admin.get(log + "?limit=lots");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.isProblem()).isTrue();
        var badCursor = admin.get(log + "?cursor=not-one-of-ours");
        assertThat(badCursor.status()).isEqualTo(422);
        assertThat(badCursor.text("field")).isEqualTo("cursor");
        assertThat(admin.get("/v1/projects/not-a-project/chatops-audit").status()).isEqualTo(404);
    }

    @Test
    void theRouteIsInTheOpenApiDocumentWithItsProblems() {
        var responses = Api.at(port).get("/v3/api-docs").json().path("paths").path("/v1/projects/{projectId}/chatops-audit")
                .path("get").path("responses");

        assertThat(responses.has("200")).isTrue();
        assertThat(List.of("400", "401", "403", "404", "422")).allMatch(responses::has);
    }

    private String orgOf(long projectId) {
        return admin.get("/v1/projects/" + projectId).text("orgId");
    }
}
