package dev.arena.threats.decide;

import static dev.arena.threats.Threats.NDJSON;
import static dev.arena.threats.Threats.await;
import static dev.arena.threats.Threats.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.ArenaTest;
import dev.arena.threats.CowrieFixture;
import dev.arena.threats.Threats;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.explain.Analysis;
import dev.arena.threats.explain.Analyst;
import dev.arena.threats.explain.SessionDigest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analyses against a model that answers when the test says so: a read never waits for it (it shows the
 * rule-based summary, pending), asks once per session at a time, and shows the model's answer once stored.
 */
@ArenaTest
class SessionAnalysesTests {

    /** An analyst whose answers the test completes by hand. */
    static final class HeldAnalyst implements Analyst {
        final List<CompletableFuture<Analysis>> answers = new CopyOnWriteArrayList<>();
        final List<SessionDigest> asked = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Analysis> explain(SessionDigest digest) {
            var answer = new CompletableFuture<Analysis>();
            asked.add(digest);
            answers.add(answer);
            return answer;
        }

        @Override
        public boolean usesModel() {
            return true;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    AttackRules rules;

    private final HeldAnalyst model = new HeldAnalyst();
    private SessionAnalyses analyses;

    @AfterEach
    void close() {
        if (analyses != null) {
            analyses.close();
        }
    }

    @Test
    void aReadShowsTheRuleSummaryWhileTheModelIsAskedOnceThenTheModelsAnswer() {
        analyses = new SessionAnalyses(model, jdbc, json, rules, Clock.systemUTC(), new SimpleMeterRegistry());
        var project = Threats.Project.create(port, "analyses");
        String source = "203.0.113.9";
        assertThat(ingest(project.token(port, "writer"), project, CowrieFixture.text().replace(CowrieFixture.SOURCE, source), NDJSON)
                .status()).isEqualTo(202);
        long projectId = Long.parseLong(project.id());
        long session = Long.parseLong(Threats.sessions(project.token(port, "reader"), project, "?source=" + source, 1).get(0)
                .path("id").asString());

        // The pipeline's own analysis (a policy responded to the session; no model in tests) goes first, so that it
        // cannot overwrite the held model's answer below.
        await(() -> jdbc.sql("SELECT COUNT(*) FROM threat_analyses WHERE session_id = ?").param(session).query(Long.class).single(),
                count -> count == 1);

        SessionAnalyses.View first = analyses.read(projectId, session).orElseThrow();

        assertThat(first.source()).as("stored, and not the model's").isEqualTo("rules");
        assertThat(first.pending()).as("a model is configured here").isTrue();
        assertThat(first.text()).startsWith(source).contains("T1105 Ingress Tool Transfer");
        SessionDigest digest = await(() -> model.asked, asked -> !asked.isEmpty()).getFirst();
        assertThat(digest.sessionId()).isEqualTo(session);
        assertThat(digest.eventCounts()).containsEntry("login.failed", 5).containsEntry("command", 7);
        assertThat(digest.usernames()).hasSize(3);
        assertThat(digest.commands()).hasSize(7).anyMatch(c -> c.contains("wget"));
        assertThat(digest.urls()).singleElement().asString().startsWith("http://");
        assertThat(digest.techniques()).containsEntry("T1110", "Brute Force");

        assertThat(analyses.read(projectId, session).orElseThrow().pending()).isTrue();
        assertThat(model.asked).as("one request per session at a time").hasSize(1);

        model.answers.getFirst().complete(new Analysis("Brute force, then a miner.", "model", "stand-in", first.signature()));
        SessionAnalyses.View answered = await(() -> analyses.read(projectId, session).orElseThrow(), v -> v.source().equals("model"));

        assertThat(answered.text()).isEqualTo("Brute force, then a miner.");
        assertThat(answered.model()).isEqualTo("stand-in");
        assertThat(answered.pending()).isFalse();
        assertThat(answered.at()).isNotNull();
        assertThat(model.asked).as("the stored answer is the session's current one").hasSize(1);
        assertThat(analyses.read(projectId + 1, session)).as("another project's session").isEmpty();
    }
}
