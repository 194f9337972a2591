package dev.arena.threats;

import static dev.arena.threats.Threats.NDJSON;
import static dev.arena.threats.Threats.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.threats.Threats.Project;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.session.SessionListener;
import dev.arena.threats.session.SessionUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The pipeline's seam and its back-pressure, through a session listener: it hears every stored session
 * with the scorer's features; and while it holds the pipeline up, ingest takes batches until
 * {@code max-queued} events wait, then answers 429 with {@code Retry-After} and stores nothing of the
 * refused batch; once the pipeline moves again, every accepted event is stored. Its batching: a single event is
 * decided on at once, and a request larger than {@code batch-size} is split over batches no larger. Also the
 * route's own body limit.
 */
@ArenaTest
@Import(ThreatPipelineTests.Listening.class)
@TestPropertySource(properties = {"arena.threats.max-queued=10", "arena.threats.max-request-size=64KB", "arena.threats.batch-size=150"})
class ThreatPipelineTests {

    @TestConfiguration
    static class Listening {
        final List<SessionUpdate> heard = new CopyOnWriteArrayList<>();
        /** Each call's updates, as the pipeline batched them. */
        final List<List<SessionUpdate>> calls = new CopyOnWriteArrayList<>();
        final Semaphore entered = new Semaphore(0);
        volatile CountDownLatch hold = new CountDownLatch(0);
        /**
         * The project whose updates are held. Only its own: a batch of the test before may reach the listener
         * after its events were done with (and the queue empty), and holding it would not hold the test's event.
         */
        volatile long holdProject;

        @Bean
        SessionListener listener() {
            return (updates, onceStored) -> {
                heard.addAll(updates);
                calls.add(List.copyOf(updates));
                CountDownLatch holding = hold;
                if (holding.getCount() > 0 && updates.stream().anyMatch(u -> u.projectId() == holdProject)) {
                    entered.release();
                    try {
                        holding.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Listening listening;

    @Autowired
    Inbox inbox;

    /** The tests share the pipeline and its bound: each starts once the events of the one before are done with. */
    @BeforeEach
    void awaitAnEmptyQueue() {
        Threats.await(inbox::waiting, waiting -> waiting == 0);
    }

    private static String events(int count, String source) {
        return IntStream.range(0, count).mapToObj(i -> ThreatScenarios.arenaEvent("connect", Instant.now(), source, "\"session\":\"s" + i + "\""))
                .collect(Collectors.joining("\n"));
    }

    /** One event from each of {@code count} sources: one session update per event. */
    private static String eventsFromSources(int count) {
        return IntStream.range(0, count).mapToObj(i -> ThreatScenarios.arenaEvent("connect", Instant.now(), "198.51.100." + i, "\"session\":\"s\""))
                .collect(Collectors.joining("\n"));
    }

    private List<Integer> batchesOf(Project project) {
        long id = Long.parseLong(project.id());
        return listening.calls.stream().mapToInt(call -> (int) call.stream().filter(u -> u.projectId() == id).count())
                .filter(n -> n > 0).boxed().toList();
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndLosesNothingItAccepted() throws Exception {
        Project project = Project.create(port, "pressure");
        Api sensor = project.token(port, "writer");
        Api reader = project.token(port, "reader");
        CountDownLatch hold = new CountDownLatch(1);
        listening.holdProject = Long.parseLong(project.id());
        listening.hold = hold;
        assertThat(ingest(sensor, project, events(1, "192.0.2.1"), NDJSON).status()).isEqualTo(202);
        assertThat(listening.entered.tryAcquire(15, TimeUnit.SECONDS)).as("the pipeline reached the listener").isTrue();

        Api.Response filled;
        Api.Response refused;
        try {
            filled = ingest(sensor, project, events(10, "192.0.2.2"), NDJSON);
            refused = ingest(sensor, project, events(1, "192.0.2.3"), NDJSON);
        } finally {
            hold.countDown(); // whatever happens, the pipeline moves again for the tests after this one
        }

        assertThat(filled.status()).as(filled.toString()).isEqualTo(202);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().path("limit").asString()).isEqualTo("threat-ingest");

        var sessions = Threats.sessions(reader, project, "", 2);
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.valueStream().mapToInt(s -> s.path("events").asInt()).sum()).isEqualTo(11);
        assertThat(sessions.valueStream().map(s -> s.path("source").asString())).doesNotContain("192.0.2.3");
        // Room again once the decision thread took the stored batch (a moment after it is readable).
        assertThat(Threats.await(() -> ingest(sensor, project, events(1, "192.0.2.3"), NDJSON).status(), status -> status == 202))
                .as("room again").isEqualTo(202);
    }

    @Test
    void listenersHearEachStoredSessionWithTheScorersFeatures() {
        Project project = Project.create(port, "seam");
        assertThat(ingest(project.token(port, "writer"), project, CowrieFixture.text(), NDJSON).status()).isEqualTo(202);

        SessionUpdate update = Threats.await(() -> listening.heard.stream()
                .filter(u -> u.projectId() == Long.parseLong(project.id())).findFirst(), java.util.Optional::isPresent).orElseThrow();

        assertThat(update.source()).isEqualTo(CowrieFixture.SOURCE);
        assertThat(update.distinctUsernames()).isEqualTo(3);
        assertThat(update.distinctPasswords()).isEqualTo(6);
        assertThat(update.distinctCommands()).isEqualTo(7);
        assertThat(update.failureRatio()).isEqualTo(5 / 6.0);
        assertThat(update.downloads()).isEqualTo(1);
        assertThat(update.durationSeconds()).isEqualTo(42);
        assertThat(update.eventsPerMinute()).as("a span under a minute counts as a minute").isEqualTo(20.0);
        assertThat(update.newCountry()).as("no GeoIP database in tests").isFalse();
        assertThat(update.techniques()).contains("T1110", "T1078", "T1105", "T1496");
        assertThat(update.offenderUserId()).isNull();
    }

    @Test
    void aSingleEventIsDecidedOnAtOnceWithoutWaitingForABatchToFill() {
        Project project = Project.create(port, "trickle");
        Api sensor = project.token(port, "writer");
        long start = System.nanoTime();

        assertThat(ingest(sensor, project, events(1, "192.0.2.5"), NDJSON).status()).isEqualTo(202);
        Threats.await(() -> batchesOf(project), batches -> !batches.isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far below any wait for more events").isLessThan(Duration.ofSeconds(2));
        assertThat(batchesOf(project)).containsExactly(1);
    }

    @Test
    void aRequestLargerThanTheBatchSizeIsDecidedOnInSeveralBatchesNoLargerThanIt() {
        Project project = Project.create(port, "split");
        Api sensor = project.token(port, "writer");

        // The queue is empty, so the request is taken whatever its size (over max-queued); 250 events are 3 inbox rows.
        assertThat(Threats.await(() -> ingest(sensor, project, eventsFromSources(250), NDJSON).status(), status -> status == 202))
                .isEqualTo(202);
        List<Integer> batches = Threats.await(() -> batchesOf(project), b -> b.stream().mapToInt(Integer::intValue).sum() == 250);

        assertThat(batches).as("batches of whole inbox rows of at most %d events", Inbox.ROW_EVENTS).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(events -> assertThat(events).isLessThanOrEqualTo(150));
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
