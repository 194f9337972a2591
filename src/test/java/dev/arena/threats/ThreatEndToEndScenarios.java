package dev.arena.threats;

import static dev.arena.threats.Threats.NDJSON;
import static dev.arena.threats.Threats.await;
import static dev.arena.threats.Threats.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.EvaluationEvent;
import dev.arena.support.Api;
import dev.arena.threats.Threats.Project;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline, end to end through the HTTP API: ingest, sessionize, enrich, score, decide, block, and
 * the blocked address refused by the API. The project's forest is warmed with benign sessions first, so the
 * recorded Cowrie session is scored against ordinary traffic (not the warm-up's "no score") and its score
 * explanation means something. One subclass per database.
 */
abstract class ThreatEndToEndScenarios {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** More than the forest's warm-up (64 sessions). */
    private static final int BENIGN = 90;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    /** A benign session: a connection, one to three failed logins with one username, closed, within a minute. */
    private static String benign(String source, int i) {
        Instant at = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
        String session = "\"session\":\"b" + i + "\"";
        StringBuilder lines = new StringBuilder(ThreatScenarios.arenaEvent("connect", at, source, session)).append('\n');
        for (int n = 0; n <= i % 3; n++) {
            lines.append(ThreatScenarios.arenaEvent("login.failed", at.plusSeconds(2 + n * (i % 7 + 1)), source,
                    session + ",\"username\":\"admin\",\"password\":\"admin" + (i % 2) + "\"")).append('\n');
        }
        return lines.append(ThreatScenarios.arenaEvent("closed", at.plusSeconds(20 + i % 30), source, session)).toString();
    }

    /** The status of an anonymous request to {@code path} from {@code ip} (one trusted proxy), and its problem type if any. */
    private String from(String ip, String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-Forwarded-For", ip).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + (response.body().contains("urn:arena:problem:address-blocked") ? " address-blocked" : "");
    }

    @Test
    void aReplayedCowrieSessionIsExplainedScoredAnsweredAndItsAddressRefused() throws Exception {
        Project project = Project.create(port, "e2e");
        Api sensor = project.token(port, "writer");
        Api reader = project.token(port, "reader");
        // The fixture's address is attacker data: replay it from a TEST-NET-3 address of this run's own.
        String attacker = "203.0.113." + ThreadLocalRandom.current().nextInt(100, 200);
        long decisionsBefore = meters.timer("arena.threats.decision").count();

        String warmUp = IntStream.range(0, BENIGN).mapToObj(i -> benign("198.51.100." + (i + 1), i)).collect(Collectors.joining("\n"));
        assertThat(ingest(sensor, project, warmUp, NDJSON).status()).isEqualTo(202);
        JsonNode scored = Threats.sessions(reader, project, "?minScore=0&limit=200", BENIGN - 64);
        assertThat(scored.size()).as("warmed-up sessions have a stored score; the warm-up's do not").isLessThan(BENIGN);
        assertThat(from(attacker, "/v1/tiers")).isEqualTo("200");

        var accepted = ingest(sensor, project, CowrieFixture.text().replace(CowrieFixture.SOURCE, attacker), NDJSON);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("accepted").asInt()).isEqualTo(CowrieFixture.EVENTS);

        // The session, its techniques and timeline.
        String id = Threats.sessions(reader, project, "?source=" + attacker, 1).get(0).path("id").asString();
        JsonNode detail = await(() -> reader.get(project.path("/sessions/" + id)).json(),
                d -> d.path("responses").size() >= 2 && d.path("score").isObject());
        JsonNode session = detail.path("session");
        assertThat(session.path("events").asInt()).isEqualTo(CowrieFixture.EVENTS);
        assertThat(texts(session.path("sensors"))).containsExactly("hp-fra-1");
        assertThat(texts(session.path("techniques"))).contains("T1110", "T1110.001", "T1078", "T1059.004", "T1105", "T1496", "T1098.004");
        assertThat(detail.path("timeline").size()).isEqualTo(CowrieFixture.EVENTS);
        List<String> rules = detail.path("timeline").valueStream().flatMap(e -> e.path("techniques").valueStream())
                .map(t -> t.path("rule").asString()).toList();
        assertThat(rules).contains("brute-force", "valid-account-after-failures", "ingress-tool-transfer-download");

        // Its score, against the project's warmed forest, and what drove it.
        JsonNode score = detail.path("score");
        assertThat(score.path("warmedUp").asBoolean()).as(score.toString()).isTrue();
        double value = score.path("value").asDouble();
        assertThat(session.path("score").asDouble()).isEqualTo(value);
        assertThat(value).as("unusual for this project: " + score).isGreaterThan(1.5);
        List<String> drivers = score.path("drivers").valueStream().map(d -> d.path("feature").asString()).toList();
        assertThat(drivers).hasSize(8);
        assertThat(drivers.getFirst()).as("what sets it apart from the benign sessions: " + score)
                .isIn("distinctCommands", "downloads", "distinctPasswords", "distinctUsernames", "eventsPerMinute");
        assertThat(score.path("drivers").valueStream().mapToDouble(d -> d.path("weight").asDouble()).sum())
                .as("the shares add up to the score").isCloseTo(value, org.assertj.core.data.Offset.offset(0.01));
        var listed = reader.get(project.path("/sessions?minScore=" + (value - 0.001))).json().path("items");
        assertThat(listed.findValuesAsString("id")).contains(id);
        assertThat(reader.get(project.path("/sessions?minScore=" + (value + 0.001) + "&source=" + attacker)).json().path("items").size())
                .as("minScore filters on the stored score").isZero();

        // The responses: a block (by brute force with a high score, or by intrusion), no stop (no Arena user behind it).
        List<JsonNode> responses = detail.path("responses").valueStream().toList();
        JsonNode block = responses.stream().filter(r -> r.path("action").asString().equals("block-ip")
                && r.path("outcome").asString().equals("enforced")).findFirst().orElseThrow(() -> new AssertionError(responses));
        assertThat(block.path("policy").asString()).isIn("brute-force-block", "intrusion-block");
        assertThat(block.path("blockId").asString()).isNotEmpty();
        assertThat(responses).extracting(r -> r.path("policy").asString()).doesNotContain("intrusion-stop-instance", "discovery-watch");
        JsonNode blocks = reader.get(project.path("/blocks?active=true")).json().path("items");
        assertThat(blocks.findValuesAsString("address")).containsExactly(attacker);
        assertThat(blocks.get(0).path("id").asString()).isEqualTo(block.path("blockId").asString());

        // The analysis: no model is configured in tests, so the rule-based summary, saying so.
        JsonNode analysis = detail.path("analysis");
        assertThat(analysis.path("source").asString()).isEqualTo("rules");
        assertThat(analysis.path("pending").asBoolean()).isFalse();
        assertThat(analysis.path("text").asString()).startsWith(attacker).contains("T1110", "Anomaly score");

        // The blocked address is refused on the project's routes; a neighbour is not, nor is it on routes of no project.
        assertThat(from(attacker, "/v1/projects/" + project.id() + "/threats/sessions")).isEqualTo("403 address-blocked");
        assertThat(from("198.18.250.250", "/v1/projects/" + project.id() + "/threats/sessions")).as("another address").isEqualTo("401");
        assertThat(from(attacker, "/v1/tiers")).as("a route of no project: the block is the project's").isEqualTo("200");

        assertThat(meters.timer("arena.threats.decision").count()).as("ingest-to-decision latencies recorded")
                .isGreaterThanOrEqualTo(decisionsBefore + CowrieFixture.EVENTS);
    }

    @Test
    void repeatedMemoryBombsInArenasSandboxesTripTheSandboxPolicyWithoutABlock() {
        Project project = Project.create(port, "sandbox-abuse");
        Api reader = project.token(port, "reader");
        long project_ = Long.parseLong(project.id());
        long player = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // An honest mistake first, then the bombs; a successful run is no security event.
        publish(new EvaluationEvent.EvaluationFinished(project_, 1, player, "python3", "accepted", at));
        for (int i = 0; i < 3; i++) {
            publish(new EvaluationEvent.EvaluationFinished(project_, 10 + i, player, "python3", "memory_limit", at.plusSeconds(i)));
        }

        JsonNode session = Threats.sessions(reader, project, "?source=user-" + player, 1).get(0);
        JsonNode detail = await(() -> reader.get(project.path("/sessions/" + session.path("id").asString())).json(),
                d -> d.path("session").path("events").asInt() == 3 && !d.path("responses").isEmpty());

        assertThat(texts(detail.path("session").path("techniques"))).containsExactly("T1499");
        assertThat(detail.path("session").path("offenderUserId").asString()).isEqualTo(Long.toString(player));
        assertThat(detail.path("timeline").valueStream().map(e -> e.path("type").asString()).collect(Collectors.toSet()))
                .isEqualTo(Set.of("arena.evaluation.memory_limit"));
        assertThat(detail.path("timeline").valueStream().flatMap(e -> e.path("techniques").valueStream())
                .map(t -> t.path("id").asString() + " by " + t.path("rule").asString()))
                .as("on the third outcome to arrive").containsExactly("T1499 by sandbox-memory-bombs");
        assertThat(detail.path("responses").valueStream().map(r -> r.path("policy").asString() + ":" + r.path("action").asString()))
                .containsExactly("sandbox-abuse-alert:alert");
        assertThat(reader.get(project.path("/blocks")).json().path("items").size()).as("a user-<id> source is no address").isZero();
    }

    private void publish(EvaluationEvent event) {
        tx.executeWithoutResult(status -> events.publishEvent(event));
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
