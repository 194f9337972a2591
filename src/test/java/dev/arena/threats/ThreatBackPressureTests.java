package dev.arena.threats;

import static dev.arena.threats.Threats.NDJSON;
import static dev.arena.threats.Threats.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.threats.Threats.Project;
import dev.arena.threats.session.SessionListener;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Back-pressure: with the pipeline held up (a session listener that blocks), ingest takes batches until
 * {@code max-queued} events wait, then answers 429 with {@code Retry-After} and stores nothing of the
 * refused batch; once the pipeline moves again, every accepted event is stored. Also the route's own
 * body limit.
 */
@ArenaTest
@Import(ThreatBackPressureTests.Blocking.class)
@TestPropertySource(properties = {"arena.threats.max-queued=10", "arena.threats.max-request-size=64KB"})
class ThreatBackPressureTests {

    @TestConfiguration
    static class Blocking {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Bean
        SessionListener blockingListener() {
            return updates -> {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Blocking blocking;

    private static String events(int count, String source) {
        return IntStream.range(0, count).mapToObj(i -> ThreatScenarios.arenaEvent("connect", Instant.now(), source, "\"session\":\"s" + i + "\""))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndLosesNothingItAccepted() throws Exception {
        Project project = Project.create(port, "pressure");
        Api sensor = project.token(port, "writer");
        Api reader = project.token(port, "reader");
        assertThat(ingest(sensor, project, events(1, "192.0.2.1"), NDJSON).status()).isEqualTo(202);
        assertThat(blocking.entered.await(15, TimeUnit.SECONDS)).as("the pipeline reached the listener").isTrue();

        var filled = ingest(sensor, project, events(10, "192.0.2.2"), NDJSON);
        var refused = ingest(sensor, project, events(1, "192.0.2.3"), NDJSON);

        assertThat(filled.status()).as(filled.toString()).isEqualTo(202);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().path("limit").asString()).isEqualTo("threat-ingest");

        blocking.release.countDown();
        var sessions = Threats.sessions(reader, project, "", 2);
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.valueStream().mapToInt(s -> s.path("events").asInt()).sum()).isEqualTo(11);
        assertThat(sessions.valueStream().map(s -> s.path("source").asString())).doesNotContain("192.0.2.3");
        assertThat(ingest(sensor, project, events(1, "192.0.2.3"), NDJSON).status()).as("room again").isEqualTo(202);
    }

    @Test
    void bodiesOverTheRoutesOwnLimitAre413() {
        Project project = Project.create(port, "oversized");
        Api sensor = project.token(port, "writer");

        var response = ingest(sensor, project, events(700, "192.0.2.4"), NDJSON);

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.isProblem()).isTrue();
    }
}
