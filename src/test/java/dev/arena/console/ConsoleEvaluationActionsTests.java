package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The evaluation page's cancel and retry buttons do what the API does: no workers, so what is queued stays
 * queued until the console cancels it; a second cancel and a retry of what is no dead letter are refused in
 * the evaluation's box, and nothing changes.
 */
@ArenaTest
@TestPropertySource(properties = {"arena.evaluations.workers=0",
        "spring.datasource.url=jdbc:h2:mem:console-evaluation-actions;DB_CLOSE_DELAY=-1"})
class ConsoleEvaluationActionsTests {

    @LocalServerPort
    int port;

    @Test
    void aQueuedEvaluationIsCancelledFromTheConsoleOnceAndARetryOfItIsRefused() {
        Api owner = webUser(port, Api.email("console-canceller"));
        String project = owner.createProject(owner.createOrg("Cancels"), "cancels");
        String api = "/v1/projects/" + project + "/evaluations";
        String id = owner.post(api, Map.of("language", "shell", "source", "echo never")).text("id");
        Api browser = owner;
        String page = "/console/projects/" + project + "/evaluations/" + id;

        var cancelled = browser.send("POST", page + "/cancel", form(), HTMX);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.body()).contains("evaluation-" + id, "cancelled");
        assertThat(owner.get(api + "/" + id).text("status")).isEqualTo("cancelled");

        var again = browser.send("POST", page + "/cancel", form(), HTMX);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.body()).doesNotContain("Exception", "at dev.arena");
        var retried = browser.send("POST", page + "/retry", form(), HTMX);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(409);
        assertThat(owner.get(api + "/" + id).text("status")).isEqualTo("cancelled");

        var stranger = Api.at(port).send("POST", page + "/cancel", form(), HTMX);
        assertThat(stranger.header("HX-Redirect")).as("no session: sent to sign in").isEqualTo("/console/login");
    }
}
