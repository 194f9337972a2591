package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.FinishedEvents;
import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The operators' view of the queue, and cancelling a queued evaluation. No workers, so what is queued
 * stays queued; on a database of its own, so the counts are this class's.
 */
@ArenaTest
@DirtiesContext
@Import(FinishedEvents.class)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:evaluation-queue-view;DB_CLOSE_DELAY=-1",
        "arena.evaluations.workers=0", "arena.tenancy.operator-emails=" + QueueOperatorTests.OPERATOR})
class QueueOperatorTests {

    static final String OPERATOR = "queue-operator@example.test";

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    @Autowired
    FinishedEvents finished;

    @Test
    void operatorsSeeTheQueueOfEveryProjectAndNobodyElseDoes() {
        Api owner = Api.signedIn(port, "queue-owner");
        String project = owner.createProject(owner.createOrg("Queue"), "queue");
        String path = "/v1/projects/" + project + "/evaluations";
        owner.post(path, Map.of("language", "shell", "source", "echo 1"));
        owner.post(path, Map.of("language", "shell", "source", "echo 2"));
        owner.post(path, Map.of("language", "python3", "source", "print(3)"));
        long dead = deadLetter(Long.parseLong(project));

        var refused = owner.get("/v1/evaluations/queue");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.text("role")).isEqualTo("operator");
        assertThat(Api.at(port).get("/v1/evaluations/queue").status()).isEqualTo(401);

        JsonNode queue = operator().get("/v1/evaluations/queue").json();
        assertThat(queue.get("queued").asLong()).isEqualTo(3);
        assertThat(queue.get("running").asLong()).isZero();
        assertThat(queue.get("depth").toString()).contains("{\"status\":\"queued\",\"language\":\"shell\",\"count\":2}")
                .contains("{\"status\":\"queued\",\"language\":\"python3\",\"count\":1}");
        assertThat(queue.get("oldestQueuedAgeMs").asLong()).isNotNegative();
        assertThat(queue.get("warmPool").get("python3").asInt()).as("no workers, no pool").isZero();
        assertThat(queue.get("deadLetters").findValuesAsString("id")).containsExactly(Long.toString(dead));
    }

    @Test
    void aQueuedEvaluationIsCancelledOnceAndPublishedAsFinished() throws InterruptedException {
        Api owner = Api.signedIn(port, "queue-canceller");
        String project = owner.createProject(owner.createOrg("Cancel"), "cancel");
        String path = "/v1/projects/" + project + "/evaluations";
        String id = owner.post(path, Map.of("language", "shell", "source", "echo never")).text("id");

        var cancelled = owner.post(path + "/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        assertThat(owner.get(path + "/" + id).text("status")).isEqualTo("cancelled");
        var again = owner.post(path + "/" + id + "/cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
        assertThat(owner.post(path + "/424242/cancel", null).status()).isEqualTo(404);

        var event = finished.of(Long.parseLong(id)).orElseThrow();
        assertThat(event.status()).isEqualTo("cancelled");
        assertThat(event.projectId()).isEqualTo(Long.parseLong(project));
    }

    /** An evaluation whose last attempt failed on the engine. */
    private long deadLetter(long project) {
        long id = ids.next();
        // Queued in the past, so that this claim takes it before the ones submitted over HTTP.
        Instant past = Instant.now().minusSeconds(3600);
        evaluations.insert(id, project, "user:1", new Submission(Language.SHELL, "true", "", List.of(), false, null,
                new Limits(5000, 64 << 20, 16, 1000), null), past);
        var claim = evaluations.claim("test", Instant.now(), Instant.now().plusSeconds(30)).orElseThrow();
        assertThat(claim.id()).isEqualTo(id);
        assertThat(evaluations.giveUp(claim, Instant.now(), "daemon_unreachable: test")).isTrue();
        return id;
    }

    private Api operator() {
        Api operator = Api.at(port);
        operator.post("/v1/auth/register", Map.of("email", OPERATOR, "password", Api.PASSWORD, "displayName", "Op"));
        String token = mail.lastToken(OPERATOR, "art_").orElseThrow();
        Api.at(port).post("/v1/auth/verify-email", Map.of("token", token));
        return operator.bearer(operator.post("/v1/auth/login", Map.of("email", OPERATOR, "password", Api.PASSWORD, "client", "cli"))
                .text("token"));
    }
}
