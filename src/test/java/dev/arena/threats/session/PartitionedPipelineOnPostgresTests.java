package dev.arena.threats.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.platform.Ids;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import dev.arena.threats.ThreatSettings;
import dev.arena.threats.Threats;
import dev.arena.threats.Threats.Project;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.enrich.GeoIp;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.ingest.NodeInbox;
import dev.arena.threats.ingest.PartitionLeases;
import dev.arena.threats.ingest.Partitions;
import dev.arena.threats.ingest.ThreatEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two pipelines on one PostgreSQL database (issue 5): the application context's, and a {@link SecondNode}'s
 * built the way the context builds its own. Events of the same sources, taken in alternately through both
 * nodes at the same time, end up in one session per source with every event counted once; and a node that
 * dies with events in its memory and in the inbox hands its partitions to the other once its leases ran out,
 * losing no event and storing none twice; a node that lost a partition, however late it notices, cannot store
 * that partition's sessions; two nodes that make the same new minute's count at once both count it.
 */
@ArenaTest
@OnPostgres
@TestPropertySource(properties = "arena.threats.inbox-claim-timeout=3s")
class PartitionedPipelineOnPostgresTests {

    private static final int SOURCES = 24;
    // Sources are not IP addresses: the failed logins sent here must not get an address blocked for the other
    // classes on this schema (a block of any project refuses the address at Arena's API).

    @LocalServerPort
    int port;

    @Autowired
    Inbox inbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ThreatSettings settings;

    @Autowired
    JsonMapper json;

    @Autowired
    AttackRules rules;

    @Autowired
    DataSource dataSource;

    /**
     * Partitions a test gave to a node that does not exist are free again: the next test's second node takes
     * exactly half of them, and would wait for a lease of a minute otherwise.
     */
    @AfterEach
    void freeTheMadeUpNodesPartitions() {
        jdbc.sql("UPDATE threat_partitions SET owner = NULL, leased_until = now() WHERE owner = 'another-node'").update();
    }

    @Test
    void eventsOfOneSourceTakenInThroughBothNodesAtOnceAreOneSession() throws Exception {
        long project = Long.parseLong(Project.create(port, "two-nodes").id());
        List<String> sources = IntStream.range(0, SOURCES).mapToObj(i -> "both-nodes-" + i).toList();
        try (var other = PipelineNode.start(settings, json, rules)) {
            other.awaitPartitions();
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            var here = CompletableFuture.runAsync(() -> takeIn(inbox, project, sources, start, 0, 40));
            var there = CompletableFuture.runAsync(() -> takeIn(other.inbox, project, sources, start, 1, 40));
            CompletableFuture.allOf(here, there).get();

            awaitStored(project, SOURCES * 40);
        }
        assertOneSessionPerSource(project, sources, 40);
    }

    @Test
    void aDeadNodesPartitionsPassToTheOtherNodeWithoutLosingOrRepeatingAnEvent() throws Exception {
        long project = Long.parseLong(Project.create(port, "dead-node").id());
        List<String> sources = IntStream.range(0, SOURCES).mapToObj(i -> "dead-node-" + i).toList();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String dead;
        try (var other = PipelineNode.start(settings, json, rules)) {
            other.awaitPartitions();
            dead = other.leases.node();
            takeIn(inbox, project, sources, start, 0, 10);
            takeIn(other.inbox, project, sources, start, 1, 10);
            awaitStored(project, SOURCES * 10);

            other.pipeline.stop();
            takeIn(other.inbox, project, sources, start, 10, 20);
            takeIn(inbox, project, sources, start, 11, 20);
            assertThat(inboxRows(project)).as("the stopped node's rows wait for it").isPositive();
        }

        awaitStored(project, SOURCES * 20);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_partitions WHERE owner = ?").param(dead).query(Long.class).single()).isZero();
        assertOneSessionPerSource(project, sources, 20);
    }

    @Test
    void aNodeThatLostAPartitionCannotStoreItsSessionsAnyMore() throws Exception {
        long project = Long.parseLong(Project.create(port, "fenced").id());
        try (var other = PipelineNode.start(settings, json, rules)) {
            List<Inbox.Pending> taken = oneRowOfAStoppedNode(other, project, Instant.now());

            jdbc.sql("UPDATE threat_partitions SET owner = 'another-node', epoch = epoch + 1, leased_until = now() + INTERVAL '1 second'"
                    + " WHERE partition_no = ?").param(taken.getFirst().partition()).update();

            Sessionizer.Batch made = other.sessionizer.assign(taken);
            assertThatThrownBy(() -> other.sessions.write(made, taken)).isInstanceOf(Sessions.AlreadyStored.class);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_sessions WHERE project_id = ?").param(project).query(Long.class).single()).isZero();
            assertThat(inboxRows(project)).as("left for the partition's holder").isOne();
        }
    }

    @Test
    void twoNodesMakingTheSameNewMinuteAtOnceBothCountIt() throws Exception {
        long project = Long.parseLong(Project.create(port, "minutes").id());
        try (var other = PipelineNode.start(settings, json, rules)) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long minute = at.getEpochSecond() / 60;
            List<Inbox.Pending> taken = oneRowOfAStoppedNode(other, project, at);
            Sessionizer.Batch made = other.sessionizer.assign(taken);

            try (Connection elsewhere = dataSource.getConnection()) {
                // The other node counts events of the same new minute, and has not committed yet.
                elsewhere.setAutoCommit(false);
                try (var insert = elsewhere.prepareStatement("INSERT INTO threat_minutes (project_id, epoch_minute, events) VALUES (?, ?, 5)")) {
                    insert.setLong(1, project);
                    insert.setLong(2, minute);
                    insert.executeUpdate();
                }
                var writing = CompletableFuture.runAsync(() -> other.sessions.write(made, taken));
                Thread.sleep(500);
                assertThat(writing).as("waits for the other node's row").isNotDone();
                elsewhere.commit();
                writing.get(10, TimeUnit.SECONDS);
            }
            assertThat(jdbc.sql("SELECT events FROM threat_minutes WHERE project_id = ? AND epoch_minute = ?").param(project).param(minute)
                    .query(Long.class).single()).isEqualTo(6);
        }
    }

    @Test
    void aRunningNodeThatLostAPartitionDropsWhatItMadeFromItsMemoryAndTakesTheRestInAgainExactlyOnce() throws Exception {
        long project = Long.parseLong(Project.create(port, "dropped").id());
        try (var other = PipelineNode.start(settings, json, rules)) {
            other.awaitPartitions();
            List<String> held = heldBy(other, project, "source-").toList();
            String lost = held.getFirst();
            String kept = held.stream().filter(s -> Partitions.of(project, s) != Partitions.of(project, lost)).findFirst().orElseThrow();
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            takeIn(other.inbox, project, List.of(kept), start, 0, 1);
            awaitStored(project, 1);

            // The partition goes to another node behind this one's back; its pipeline takes both rows in one batch.
            jdbc.sql("UPDATE threat_partitions SET owner = 'another-node', epoch = epoch + 1, leased_until = now() + INTERVAL '1 minute'"
                    + " WHERE partition_no = ?").param(Partitions.of(project, lost)).update();
            other.pipeline.stop();
            takeIn(other.inbox, project, List.of(lost, kept), start, 2, 3);
            other.pipeline.start();

            Threats.await(() -> jdbc.sql("SELECT COUNT(*) FROM threat_events WHERE project_id = ? AND source = ?").param(project).param(kept)
                    .query(Long.class).single(), stored -> stored == 2);
            Threats.await(other.inbox::waiting, waiting -> waiting == 0);
            assertThat(jdbc.sql("SELECT events FROM threat_sessions WHERE project_id = ? AND source = ?").param(project).param(kept)
                    .query(Integer.class).list()).as("the kept source's session, its second event counted once").containsExactly(2);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_sessions WHERE project_id = ? AND source = ?").param(project).param(lost)
                    .query(Long.class).single()).isZero();
            assertThat(inboxRows(project)).as("the lost partition's row, left for its holder").isOne();
        }
    }

    @Test
    void aNodeWhoseLookupsFailGoesOnOnceTheDatabaseAnswersAndCountsEveryEventOnce() throws Exception {
        long project = Long.parseLong(Project.create(port, "lookups").id());
        List<String> sources;
        try (var other = PipelineNode.start(settings, json, rules)) {
            other.awaitPartitions();
            sources = heldBy(other, project, "lookup-").limit(4).toList();
            // The node has not sessionized anything yet: its first batch loads its partitions' sessions, and fails.
            jdbc.sql("ALTER TABLE threat_sessions RENAME TO threat_sessions_away").update();
            try {
                takeIn(other.inbox, project, sources, Instant.now().truncatedTo(ChronoUnit.SECONDS), 0, 4);
                Thread.sleep(500);
            } finally {
                jdbc.sql("ALTER TABLE threat_sessions_away RENAME TO threat_sessions").update();
            }
            awaitStored(project, sources.size() * 2L);
        }
        assertOneSessionPerSource(project, sources, 2);
    }

    /** Takes in one event per source for every second second from {@code first} (an offset) until {@code until}. */
    private static void takeIn(Inbox through, long project, List<String> sources, Instant start, int first, int until) {
        for (int second = first; second < until; second += 2) {
            Instant at = start.plusSeconds(second);
            through.accept(project, sources.stream().map(source -> new ThreatEvent(at, source, EventKind.LOGIN_FAILED, "cowrie.login.failed",
                    "hp-1", "s", "root", "pw" + at.getEpochSecond(), null, null, null, null, null)).toList());
        }
    }

    /**
     * Stops the node's pipeline once it holds its share, takes in one event at {@code at} from a source of a
     * partition it holds, and gives out the event's inbox row as the pipeline would take it.
     */
    private static List<Inbox.Pending> oneRowOfAStoppedNode(PipelineNode node, long project, Instant at) throws InterruptedException {
        node.awaitPartitions();
        node.pipeline.stop();
        takeIn(node.inbox, project, List.of(heldBy(node, project, "source-").findFirst().orElseThrow()), at, 0, 1);
        List<Inbox.Pending> taken = pollFor(node.inbox, project);
        assertThat(taken).hasSize(1);
        return taken;
    }

    /** Sources named {@code prefix} and a number whose partition the node holds, in the project. */
    private static Stream<String> heldBy(PipelineNode node, long project, String prefix) {
        return IntStream.range(0, 1000).mapToObj(i -> prefix + i).filter(s -> node.leases.epoch(Partitions.of(project, s)) >= 0);
    }

    /**
     * This project's rows the node's inbox gives out within 5 s. The node's partitions also hold other classes' rows
     * on this schema (Arena's own events of their projects); those are passed over, and their claims lapse.
     */
    private static List<Inbox.Pending> pollFor(Inbox inbox, long project) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Inbox.Pending> taken = List.of();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            taken = inbox.poll(100, 100).stream().filter(pending -> pending.projectId() == project).toList();
        }
        return taken;
    }

    private void awaitStored(long project, long events) {
        Threats.await(() -> jdbc.sql("SELECT COUNT(*) FROM threat_events WHERE project_id = ?").param(project).query(Long.class).single(),
                stored -> stored >= events);
        Threats.await(() -> inboxRows(project), rows -> rows == 0);
    }

    private long inboxRows(long project) {
        return jdbc.sql("SELECT COUNT(*) FROM threat_inbox WHERE project_id = ?").param(project).query(Long.class).single();
    }

    private void assertOneSessionPerSource(long project, List<String> sources, int events) {
        Map<String, List<Integer>> sessions = jdbc.sql("SELECT source, events FROM threat_sessions WHERE project_id = ?").param(project)
                .query((rs, n) -> Map.entry(rs.getString("source"), rs.getInt("events"))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<String, Long> stored = jdbc.sql("SELECT source, COUNT(*) AS n FROM threat_events WHERE project_id = ? GROUP BY source").param(project)
                .query((rs, n) -> Map.entry(rs.getString("source"), rs.getLong("n"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (String source : sources) {
            assertThat(sessions.get(source)).as("the sessions of " + source).containsExactly(events);
            assertThat(stored.get(source)).as("the events of " + source).isEqualTo(events);
        }
    }

    /** The other node's pipeline: its leases, inbox, sessionizer, sessions and pipeline, over its own connections. */
    private static final class PipelineNode implements AutoCloseable {

        final SecondNode node;
        final PartitionLeases leases;
        final Inbox inbox;
        final Sessionizer sessionizer;
        final Sessions sessions;
        final Pipeline pipeline;

        private PipelineNode(SecondNode node, PartitionLeases leases, Inbox inbox, Sessionizer sessionizer, Sessions sessions,
                             Pipeline pipeline) {
            this.node = node;
            this.leases = leases;
            this.inbox = inbox;
            this.sessionizer = sessionizer;
            this.sessions = sessions;
            this.pipeline = pipeline;
        }

        static PipelineNode start(ThreatSettings settings, JsonMapper json, AttackRules rules) {
            var database = new AtomicReference<JdbcTemplate>();
            var leases = new AtomicReference<PartitionLeases>();
            SecondNode node = SecondNode.start((dataSource, notices) -> {
                database.set(new JdbcTemplate(dataSource));
                leases.set(NodeInbox.leases(database.get(), notices, settings));
            });
            Ids ids = new Ids(Clock.systemUTC(), Ids.MAX_WORKER_ID);
            Inbox inbox = NodeInbox.inbox(database.get(), node.tx(), ids, json, settings, leases.get());
            Sessions sessions = new Sessions(database.get(), node.tx(), json, leases.get());
            Sessionizer sessionizer = new Sessionizer(sessions, rules, GeoIp.open(Path.of("target/no-geoip-here"), json), ids,
                    settings.sessionGap(), SessionConfiguration.MAX_OPEN_SESSIONS);
            Pipeline pipeline = new Pipeline(inbox, sessionizer, sessions, new DefaultListableBeanFactory().getBeanProvider(SessionListener.class),
                    settings, new SimpleMeterRegistry());
            leases.get().start();
            pipeline.start();
            return new PipelineNode(node, leases.get(), inbox, sessionizer, sessions, pipeline);
        }

        /** Waits until the node holds its share: half the partitions, the context being the other node. */
        void awaitPartitions() {
            SecondNode.seenWithin(Duration.ofSeconds(15),
                    () -> IntStream.range(0, Partitions.COUNT).filter(p -> leases.epoch(p) >= 0).count(), held -> held == Partitions.COUNT / 2);
        }

        /** Dies: its connections go at once, so it can neither store, renew nor give its partitions up; then its threads end. */
        @Override
        public void close() {
            node.close();
            pipeline.stop();
            leases.stop();
        }
    }
}
