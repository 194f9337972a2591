package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.Tenants;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Players (project readers) submit code and watch its result arrive, in the console and over the API, and
 * see only their own evaluations; writers see everyone's. On the real Docker engine, with one worker and a
 * database of its own, so that no other context's workers take its jobs.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"arena.evaluations.workers=1", "arena.evaluations.warm-pool-size=0",
        "spring.datasource.url=jdbc:h2:mem:player-evaluations;DB_CLOSE_DELAY=-1"})
class PlayerEvaluationsTests {

    private static final Pattern EVALUATION_ID = Pattern.compile("id=\"evaluation-(\\d+)\"");

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    private String project = "";
    private String base = "";
    private Api playerA;
    private Api playerB;
    private Api writer;

    @BeforeAll
    void setUp() {
        Api owner = Api.signedIn(port, "evaluations-owner");
        String org = owner.createOrg("Course");
        project = owner.createProject(org, "homework");
        base = "/v1/projects/" + project + "/evaluations";
        playerA = webUser(port, Api.email("player-a"));
        playerB = webUser(port, Api.email("player-b"));
        writer = webUser(port, Api.email("teacher"));
        for (var grant : Map.of(playerA, "reader", playerB, "reader", writer, "writer").entrySet()) {
            Tenants.join(owner, org, grant.getKey(), "member", mail);
            owner.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(grant.getKey()), Map.of("role", grant.getValue()));
        }
    }

    @Test
    void aPlayerSubmitsFromTheConsoleAndWatchesTheResultArrive() throws InterruptedException {
        String page = "/console/projects/" + project + "/evaluations";
        assertThat(playerA.send("GET", page, null, PAGE).body()).contains("id=\"submit-code\"", "id=\"own-only\"");

        var queued = playerA.send("POST", page, form("language", "shell", "source", "echo console-$((6*7))"), HTMX);
        assertThat(queued.status()).as(queued.toString()).isEqualTo(200);
        Matcher id = EVALUATION_ID.matcher(queued.body());
        assertThat(id.find()).as(queued.body()).isTrue();

        String result = "";
        for (int i = 0; i < 300 && !result.contains("exit 0"); i++) {
            Thread.sleep(100);
            result = playerA.send("GET", page + "/" + id.group(1), null, HTMX).body();
        }
        assertThat(result).contains("completed", "exit 0", "console-42").doesNotContain("hx-trigger");
    }

    @Test
    void aPlayerSeesOnlyTheirOwnEvaluationsAndAWriterSeesEveryone() {
        var submitted = playerA.post(base + "?wait=true", Map.of("language", "shell", "source", "echo secret-of-a"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        assertThat(submitted.text("stdout")).isEqualTo("secret-of-a\n");
        String ofA = submitted.text("id");
        String ofB = playerB.post(base, Map.of("language", "shell", "source", "echo mine-of-b")).text("id");

        for (String path : new String[] {base + "/" + ofA, base + "/" + ofA + "/events"}) {
            var hidden = playerB.get(path);
            assertThat(hidden.status()).as(path).isEqualTo(404);
            assertThat(hidden.isProblem()).isTrue();
            assertThat(hidden.body()).doesNotContain("secret-of-a");
        }
        assertThat(playerB.post(base + "/" + ofA + "/cancel", null).status()).isEqualTo(404);
        assertThat(playerB.get(base).json().path("items").findValuesAsString("id")).contains(ofB).doesNotContain(ofA);
        var page = playerB.send("GET", "/console/projects/" + project + "/evaluations", null, PAGE).body();
        assertThat(page).contains("evaluation-" + ofB).doesNotContain("evaluation-" + ofA, "secret-of-a");
        assertThat(playerB.send("GET", "/console/projects/" + project + "/evaluations/" + ofA, null, HTMX).status()).isEqualTo(404);

        assertThat(playerA.get(base + "/" + ofA).status()).isEqualTo(200);
        assertThat(writer.get(base + "/" + ofA).text("stdout")).isEqualTo("secret-of-a\n");
        assertThat(writer.get(base + "/" + ofB).status()).isEqualTo(200);
        assertThat(writer.get(base).json().path("items").findValuesAsString("id")).contains(ofA, ofB);
        assertThat(writer.send("GET", "/console/projects/" + project + "/evaluations", null, PAGE).body())
                .contains("evaluation-" + ofA, "evaluation-" + ofB).doesNotContain("id=\"own-only\"");
    }

    @Test
    void aPlayerSubmitsABatchWhoseEvaluationsOnlyTheyAndWritersSee() {
        var batch = playerB.post(base + "/batch", Map.of("evaluations", List.of(Map.of("language", "shell", "source", "echo b1"),
                Map.of("language", "shell", "source", "echo b2"))));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(202);
        List<String> ids = batch.json().path("items").findValuesAsString("id");

        assertThat(ids).hasSize(2).allSatisfy(id -> {
            assertThat(playerB.get(base + "/" + id).status()).isEqualTo(200);
            assertThat(writer.get(base + "/" + id).status()).isEqualTo(200);
            assertThat(playerA.get(base + "/" + id).status()).isEqualTo(404);
        });
    }

    @Test
    void aPlayerCannotReuseAnotherSubmittersIdempotencyKeyToReadTheirProgram() {
        var first = writer.send("POST", base, Map.of("language", "shell", "source", "echo teachers-answer"), Map.of("Idempotency-Key", "hw-1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);

        var replayed = playerA.send("POST", base, Map.of("language", "shell", "source", "echo guess"), Map.of("Idempotency-Key", "hw-1"));

        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(409);
        assertThat(replayed.text("type")).endsWith("idempotency-key-taken");
        assertThat(replayed.body()).doesNotContain("teachers-answer", first.text("id"));
    }
}
