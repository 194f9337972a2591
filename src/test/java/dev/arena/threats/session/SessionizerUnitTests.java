package dev.arena.threats.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.arena.platform.Ids;
import dev.arena.threats.CowrieFixture;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.enrich.GeoIp;
import dev.arena.threats.enrich.NetworkLabel;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.EventParser;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.ingest.ThreatEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SessionizerUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AttackRules RULES = AttackRules.load("threats/attack-rules.yaml");
    static final Duration GAP = Duration.ofMinutes(30);
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** Sessions as a database would keep them between batches: snapshots, restored on demand. */
    static final class MemoryStore implements Sessionizer.Store {
        final Map<String, SessionState> stored = new HashMap<>();
        int loads;
        int partitionLoads;

        void keep(List<SessionState> sessions) {
            sessions.forEach(s -> stored.put(s.projectId + "|" + s.source, SessionState.restore(s.id, s.partition, s.projectId, s.source,
                    s.location, s.newCountry, s.firstSeen, s.lastSeen, s.events, s.offenderUserId,
                    JSON.readValue(JSON.writeValueAsString(s.snapshot()), SessionState.Snapshot.class))));
        }

        public Map<String, SessionState> open(long projectId, Collection<String> sources, Instant since) {
            loads++;
            return stored.values().stream().filter(s -> s.projectId == projectId && sources.contains(s.source) && !s.lastSeen.isBefore(since))
                    .collect(Collectors.toMap(s -> s.source, s -> s));
        }

        public List<SessionState> openIn(Set<Integer> partitions, Instant since, int most) {
            partitionLoads++;
            return stored.values().stream().filter(s -> partitions.contains(s.partition) && !s.lastSeen.isBefore(since)).toList();
        }

        public Set<String> countries(long projectId) {
            return Set.of();
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final GeoIp geoIp = GeoIp.open(Path.of("target/no-geoip-here"), JSON);
    private final Sessionizer sessionizer = sessionizer();

    private Sessionizer sessionizer() {
        return new Sessionizer(store, RULES, geoIp, new Ids(Clock.systemUTC(), 1), GAP, 1000);
    }

    private static Inbox.Pending pending(long project, List<ThreatEvent> events) {
        return new Inbox.Pending(1, project, 0, 0, events, System.nanoTime());
    }

    private static ThreatEvent event(String source, Instant at, EventKind kind, String sensor, String sensorSession) {
        return new ThreatEvent(at, source, kind, kind.wireName(), sensor, sensorSession, null, null, null, null, null, null, null);
    }

    @Test
    void aRecordedCowrieSessionBecomesOneSessionWithItsTechniques() {
        List<ThreatEvent> events = new EventParser(JSON).parse(CowrieFixture.bytes(), true).events();

        Sessionizer.Batch batch = sessionizer.assign(List.of(pending(7, events)));

        assertThat(batch.sessions()).hasSize(1);
        SessionState session = batch.sessions().iterator().next();
        assertThat(session.source).isEqualTo(CowrieFixture.SOURCE);
        assertThat(session.location.network()).isEqualTo(NetworkLabel.PUBLIC);
        assertThat(session.events).isEqualTo(CowrieFixture.EVENTS);
        assertThat(session.failedLogins()).isEqualTo(5);
        assertThat(session.successfulLogins()).isEqualTo(1);
        assertThat(session.usernames).containsExactlyInAnyOrder("root", "admin", "ubuntu");
        assertThat(session.passwords).hasSize(6);
        assertThat(session.commands).hasSize(7);
        assertThat(session.count(EventKind.DOWNLOAD)).isEqualTo(1);
        assertThat(session.failureRatio()).isEqualTo(5 / 6.0);
        assertThat(session.durationSeconds()).isEqualTo(42);
        assertThat(session.techniques).containsExactlyInAnyOrder("T1110.001", "T1110", "T1078", "T1059.004", "T1082", "T1105",
                "T1222.002", "T1496", "T1053.003", "T1098.004");
        assertThat(batch.events()).hasSize(CowrieFixture.EVENTS).extracting(Sessionizer.Placed::sessionId).containsOnly(session.id);
        Map<Long, ThreatEvent> byId = batch.events().stream().collect(Collectors.toMap(Sessionizer.Placed::id, Sessionizer.Placed::event));
        var wget = batch.assignments().stream().filter(a -> a.technique().equals("T1105")).map(a -> byId.get(a.eventId()).type()).toList();
        assertThat(wget).containsExactly("cowrie.command.input", "cowrie.session.file_download");
        assertThat(batch.assignments()).filteredOn(a -> a.technique().equals("T1078")).singleElement()
                .satisfies(a -> assertThat(byId.get(a.eventId()).kind()).isEqualTo(EventKind.LOGIN_SUCCESS))
                .satisfies(a -> assertThat(a.rule()).isEqualTo("valid-account-after-failures"))
                .satisfies(a -> assertThat(a.rulesVersion()).isEqualTo(RULES.version()));
        assertThat(batch.minutes()).containsEntry(new Sessionizer.Minute(7, events.getFirst().at().getEpochSecond() / 60), 20L);
    }

    @Test
    void oneSourceSeenBySeveralSensorsIsOneSessionKeepingEachSensorsSessionId() {
        var batch = sessionizer.assign(List.of(pending(7, List.of(
                event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "aaa"),
                event("198.51.100.7", T0.plusSeconds(60), EventKind.CONNECT, "hp-2", "bbb"),
                event("198.51.100.8", T0.plusSeconds(60), EventKind.CONNECT, "hp-1", "ccc")))));

        assertThat(batch.sessions()).hasSize(2);
        SessionState seven = batch.sessions().stream().filter(s -> s.source.equals("198.51.100.7")).findFirst().orElseThrow();
        assertThat(seven.sensors).containsExactly("hp-1", "hp-2");
        assertThat(batch.events()).filteredOn(p -> p.event().source().equals("198.51.100.7"))
                .extracting(p -> p.event().sensorSession()).containsExactly("aaa", "bbb");
    }

    @Test
    void aQuietGapLongerThanTheSettingStartsANewSession() {
        var batch = sessionizer.assign(List.of(pending(7, List.of(
                event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a"),
                event("198.51.100.7", T0.plus(GAP), EventKind.CONNECT, "hp-1", "b"),
                event("198.51.100.7", T0.plus(GAP).plus(GAP).plusSeconds(1), EventKind.CONNECT, "hp-1", "c")))));

        assertThat(batch.sessions()).extracting(s -> s.events).containsExactly(2, 1);
    }

    @Test
    void projectsNeverShareASession() {
        var batch = sessionizer.assign(List.of(pending(7, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a"))),
                pending(8, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a")))));

        assertThat(batch.sessions()).extracting(s -> s.projectId).containsExactly(7L, 8L);
    }

    @Test
    void aSessionGoesOnAfterARestartFromWhatWasStored() {
        List<ThreatEvent> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            failures.add(new ThreatEvent(T0.plusSeconds(i), "198.51.100.7", EventKind.LOGIN_FAILED, "login.failed", "hp-1", "a",
                    "root", "pw" + i, null, null, null, null, null));
        }
        var before = sessionizer.assign(List.of(pending(7, failures)));
        store.keep(before.sessions());
        Sessionizer restarted = sessionizer();

        var after = restarted.assign(List.of(pending(7, List.of(new ThreatEvent(T0.plusSeconds(10), "198.51.100.7",
                EventKind.LOGIN_FAILED, "login.failed", "hp-1", "a", "root", "pw9", null, null, null, null, null)))));

        SessionState session = after.sessions().iterator().next();
        assertThat(session.id).isEqualTo(before.sessions().iterator().next().id);
        assertThat(session.failedLogins()).isEqualTo(5);
        assertThat(after.assignments()).extracting(Sessionizer.Assignment::technique).as("T1110.001 fired before the restart")
                .containsExactly("T1110");
    }

    @Test
    void aPartitionsStoredSessionsAreLoadedOnceAndASourceNotAmongThemIsNeverLookedUp() {
        var before = sessionizer.assign(List.of(pending(7, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a")))));
        store.keep(before.sessions());
        Sessionizer restarted = sessionizer();
        List<ThreatEvent> events = new java.util.ArrayList<>(othersAt(T0.plusSeconds(60)));
        events.add(event("198.51.100.7", T0.plusSeconds(60), EventKind.CONNECT, "hp-1", "a"));

        var after = restarted.assign(List.of(pending(7, events)));

        assertThat(store.partitionLoads).as("the partition's open sessions, once per sessionizer").isEqualTo(2);
        assertThat(store.loads).as("no source looked up").isZero();
        assertThat(after.sessions()).filteredOn(session -> session.source.equals("198.51.100.7")).singleElement()
                .satisfies(session -> assertThat(session.id).isEqualTo(before.sessions().getFirst().id))
                .satisfies(session -> assertThat(session.events).isEqualTo(2));
    }

    @Test
    void eventsOlderThanThePartitionsHorizonAreLookedUpOncePerProjectAndBatch() {
        sessionizer.assign(List.of(pending(7, List.of(event("198.51.100.250", T0.plus(GAP).plus(GAP), EventKind.CONNECT, "hp-1", "a")))));
        List<ThreatEvent> late = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            late.add(event("198.51.100." + (i % 100), T0.plusSeconds(i), EventKind.CONNECT, "hp-1", "s" + i));
        }

        sessionizer.assign(List.of(pending(7, late), pending(8, late)));

        assertThat(store.loads).isEqualTo(2);
    }

    @Test
    void aSessionChangedByABatchNotStoredYetGoesOnWhenTheCacheDroppedIt() {
        Sessionizer small = new Sessionizer(store, RULES, geoIp, new Ids(Clock.systemUTC(), 1), GAP, 1);
        var first = small.assign(List.of(pending(7, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a")))));
        small.assign(List.of(pending(7, othersAt(T0.plusSeconds(1)))));

        var again = small.assign(List.of(pending(7, List.of(event("198.51.100.7", T0.plusSeconds(2), EventKind.CONNECT, "hp-1", "a")))));

        assertThat(again.sessions()).singleElement().satisfies(session -> {
            assertThat(session.id).as("the same session, not a new one").isEqualTo(first.sessions().getFirst().id);
            assertThat(session.events).isEqualTo(2);
            assertThat(session.stored).as("its row is on its way: an update, not a second insert").isTrue();
        });
    }

    @Test
    void onceItsBatchIsStoredASessionTheCacheDroppedIsLoadedFromItsRow() {
        Sessionizer small = new Sessionizer(store, RULES, geoIp, new Ids(Clock.systemUTC(), 1), GAP, 1);
        var first = small.assign(List.of(pending(7, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a")))));
        store.keep(first.sessions());
        small.storedThrough(first.number());
        small.assign(List.of(pending(7, othersAt(T0.plusSeconds(1)))));
        int loads = store.loads;

        var again = small.assign(List.of(pending(7, List.of(event("198.51.100.7", T0.plusSeconds(2), EventKind.CONNECT, "hp-1", "a")))));

        assertThat(store.loads).as("loaded from its row").isEqualTo(loads + 1);
        assertThat(again.sessions()).singleElement().satisfies(session -> {
            assertThat(session.id).isEqualTo(first.sessions().getFirst().id);
            assertThat(session.events).isEqualTo(2);
        });
    }

    @Test
    void batchesMergedForOneTransactionInsertEachNewSessionOnceWithItsLatestState() {
        var first = sessionizer.assign(List.of(pending(7, List.of(event("198.51.100.7", T0, EventKind.CONNECT, "hp-1", "a")))));
        var second = sessionizer.assign(List.of(pending(7, List.of(event("198.51.100.7", T0.plusSeconds(1), EventKind.CONNECT, "hp-1", "a"),
                event("198.51.100.8", T0.plusSeconds(1), EventKind.CONNECT, "hp-1", "b")))));

        var merged = Sessionizer.Batch.merge(List.of(first, second));

        assertThat(merged.number()).isEqualTo(second.number());
        assertThat(merged.events()).hasSize(3);
        assertThat(merged.sessions()).extracting(s -> s.source, s -> s.events, s -> s.stored)
                .containsExactly(tuple("198.51.100.7", 2, false), tuple("198.51.100.8", 1, false));
    }

    /** One event from each of 50 other sources: more than a cache of one session keeps. */
    private static List<ThreatEvent> othersAt(Instant at) {
        return IntStream.range(0, 50).mapToObj(i -> event("203.0.113." + i, at, EventKind.CONNECT, "hp-1", "o")).toList();
    }
}
