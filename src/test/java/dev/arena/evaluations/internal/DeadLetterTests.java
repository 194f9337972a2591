package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With no engine (and no outage hold, so the queue is not held for it to come back), an evaluation is
 * retried with backoff, then dead-lettered as internal_error, listed in the dead-letter view, and queued
 * again by a manager's retry. On a database of its own, so its workers
 * (which cannot run anything) never take other tests' jobs.
 */
@ArenaTest
@DirtiesContext
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:evaluation-dead-letters;DB_CLOSE_DELAY=-1",
        "arena.runtime.docker-host=unix:///nonexistent/arena-test/docker.sock",
        "arena.evaluations.workers=1", "arena.evaluations.max-attempts=2", "arena.evaluations.retry-backoff=100ms",
        "arena.evaluations.outage-hold=0s"})
class DeadLetterTests {

    @LocalServerPort
    int port;

    @Test
    void infrastructureFailuresAreRetriedThenDeadLetteredAndAnOperatorCanRetry() throws Exception {
        Api owner = Api.signedIn(port, "operator");
        String project = owner.createProject(owner.createOrg("Ops"), "ops");
        String path = "/v1/projects/" + project + "/evaluations";
        String id = owner.post(path, Map.of("language", "shell", "source", "echo hi")).text("id");

        JsonNode dead = awaitStatus(owner, path + "/" + id, "internal_error");
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("error").asString()).startsWith("daemon_unreachable");
        assertThat(owner.get(path + "?status=internal_error").json().get("items").findValuesAsString("id")).containsExactly(id);

        var retried = owner.post(path + "/" + id + "/retry", null);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.text("status")).isIn("queued", "running", "internal_error");
        assertThat(awaitStatus(owner, path + "/" + id, "internal_error").get("attempts").asInt()).isEqualTo(2);
        assertThat(owner.post(path + "/" + id + "/retry", null).status()).isEqualTo(202);
    }

    private static JsonNode awaitStatus(Api api, String path, String status) throws InterruptedException {
        JsonNode seen = null;
        for (int i = 0; i < 300; i++) {
            seen = api.get(path).json();
            if (seen.get("status").asString().equals(status)) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never " + status + ": " + seen);
    }
}
