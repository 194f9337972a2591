package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.identity.ProjectAccess;
import dev.arena.instances.InstanceControl;
import io.micrometer.core.instrument.MeterRegistry;
import dev.arena.platform.Ids;
import dev.arena.platform.RateLimiter;
import dev.arena.support.Api;
import dev.arena.threats.ResponseSettings;
import dev.arena.threats.ThreatAlert;
import dev.arena.threats.score.Score;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The built-in policies answering session verdicts with real blocks, audit rows and alerts. Each test works
 * in a project of its own, so that the per-project rate of 4 responses a minute set here is its own.
 * Run on H2 and on PostgreSQL by the subclasses.
 */
@RecordApplicationEvents
@TestPropertySource(properties = {"arena.threats.response.allow-list=192.0.2.0/28", "arena.threats.response.max-per-minute=4"})
abstract class ResponderScenarios {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicLong SESSIONS = new AtomicLong(System.nanoTime());

    @LocalServerPort
    int port;

    @Autowired
    Responder responder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEvents events;

    @Autowired
    BlockService blocks;

    @Autowired
    Blocks stored;

    private long project() {
        Api owner = Api.signedIn(port, "responder");
        return Long.parseLong(owner.createProject(owner.createOrg("Responders"), "honeypots"));
    }

    private static SessionVerdict verdict(long project, long session, String ip, double score, @Nullable Long user, String... techniques) {
        return new SessionVerdict(project, session, ip, Set.of(techniques), new Score(score, List.of()), user, Instant.now());
    }

    /** The status of an anonymous request from {@code ip} to a route of {@code project}: 403 if blocked there, else 401. */
    private int status(String ip, long project) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/projects/" + project + "/threats/sessions"))
                .header("X-Forwarded-For", ip).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<String> audit(long project) {
        return jdbc.sql("SELECT policy || ' ' || action || ' ' || outcome || ' ' || rule || ' ' || score || ' ' || techniques"
                + " FROM threat_responses WHERE project_id = ? ORDER BY id").param(project).query(String.class).list();
    }

    @Test
    void aBruteForceSessionIsBlockedOnceAuditedAndAlerted() throws Exception {
        long project = project();
        long session = SESSIONS.incrementAndGet();
        SessionVerdict verdict = verdict(project, session, "203.0.113.101", 2.75, null, "T1110.001", "T1059");

        List<ResponseTaken> taken = responder.decide(verdict);

        assertThat(taken).singleElement().satisfies(r -> {
            assertThat(r.policy()).isEqualTo("brute-force-block");
            assertThat(r.action()).isEqualTo("block-ip");
            assertThat(r.outcome()).isEqualTo("enforced");
            assertThat(r.dryRun()).isFalse();
            assertThat(r.expiresAt()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        });
        assertThat(status("203.0.113.101", project)).isEqualTo(403);
        assertThat(status("203.0.113.101", 0)).as("Arena's own routes: the block is the project's").isEqualTo(401);
        assertThat(responder.decide(verdict)).as("once per session and policy").isEmpty();
        assertThat(audit(project)).containsExactly("brute-force-block block-ip enforced score >= 2.5 and any of [T1110] 2.75 T1059,T1110.001");
        assertThat(events.stream(ThreatAlert.class).filter(a -> Objects.equals(a.sessionId(), session))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("high");
            assertThat(a.sourceIp()).isEqualTo("203.0.113.101");
            assertThat(a.techniques()).containsExactly("T1059", "T1110.001");
            assertThat(a.summary()).contains("brute-force-block", "blocked 203.0.113.101");
        });
        lift(project);
    }

    @Test
    void aRepeatOffendersBlockLastsLonger() {
        long project = project();
        ResponseTaken first = responder.decide(verdict(project, SESSIONS.incrementAndGet(), "203.0.113.102", 3.0, null, "T1110")).stream()
                .filter(r -> r.action().equals("block-ip")).findFirst().orElseThrow();
        lift(project);

        ResponseTaken second = responder.decide(verdict(project, SESSIONS.incrementAndGet(), "203.0.113.102", 3.0, null, "T1110")).stream()
                .filter(r -> r.action().equals("block-ip")).findFirst().orElseThrow();

        Instant now = Instant.now();
        assertThat(Duration.between(now, first.expiresAt()).toMinutes()).isBetween(55L, 60L);
        assertThat(Duration.between(now, second.expiresAt()).toMinutes()).as("escalated 4x").isBetween(235L, 240L);
        lift(project);
    }

    @Test
    void aSessionFromABlockedAddressRecordsTheBlockInForce() {
        long project = project();
        ResponseTaken block = responder.decide(verdict(project, SESSIONS.incrementAndGet(), "203.0.113.103", 2.6, null, "T1110")).getFirst();

        ResponseTaken again = responder.decide(verdict(project, SESSIONS.incrementAndGet(), "203.0.113.103", 2.6, null, "T1110")).getFirst();

        assertThat(again.outcome()).isEqualTo("already-blocked");
        assertThat(again.blockId()).isEqualTo(block.blockId());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_blocks WHERE project_id = ?").param(project).query(Integer.class).single()).isEqualTo(1);
        lift(project);
    }

    @Test
    void aDryRunPolicyRecordsWhatItWouldHaveDoneAndEnforcesNothing() throws Exception {
        long project = project();
        long session = SESSIONS.incrementAndGet();

        List<ResponseTaken> taken = responder.decide(verdict(project, session, "203.0.113.104", 0.4, null, "T1046"));

        assertThat(taken).singleElement().satisfies(r -> {
            assertThat(r.policy()).isEqualTo("discovery-watch");
            assertThat(r.dryRun()).isTrue();
            assertThat(r.outcome()).isEqualTo("dry-run");
            assertThat(r.blockId()).isNull();
            assertThat(r.expiresAt()).isNotNull();
        });
        assertThat(status("203.0.113.104", project)).isEqualTo(401);
        assertThat(audit(project)).singleElement().asString().startsWith("discovery-watch block-ip dry-run");
        assertThat(events.stream(ThreatAlert.class).filter(a -> Objects.equals(a.sessionId(), session))).isEmpty();
    }

    @Test
    void anAllowListedAddressIsNeverBlockedButStillAlerts() throws Exception {
        long project = project();
        long session = SESSIONS.incrementAndGet();

        List<ResponseTaken> taken = responder.decide(verdict(project, session, "192.0.2.5", 3.5, null, "T1110"));

        assertThat(taken).extracting(ResponseTaken::policy).containsExactly("anomaly-alert");
        assertThat(status("192.0.2.5", project)).isEqualTo(401);
        assertThat(events.stream(ThreatAlert.class).filter(a -> Objects.equals(a.sessionId(), session))).singleElement()
                .extracting(ThreatAlert::severity).isEqualTo("medium");
    }

    @Test
    void anIntrusionBlocksTheAddressAndStopsTheOffendersOwnInstance() throws Exception {
        Api mallory = Api.signedIn(port, "mallory");
        String project = mallory.createProject(mallory.createOrg("Intruded"), "ctf");
        String challenge = mallory.post("/v1/projects/" + project + "/challenges", Map.of("name", "web", "image", "arena/busybox:1",
                "command", List.of("httpd", "-f", "-p", "8080"), "ports", List.of(8080), "memoryMib", 32, "flagTemplate", "flag{web}")).text("id");
        String instance = "/v1/projects/" + project + "/challenges/" + challenge + "/instance";
        var started = mallory.post(instance, null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        long user = Long.parseLong(mallory.get("/v1/users/me").text("id"));
        try {
            List<ResponseTaken> taken = responder.decide(verdict(Long.parseLong(project), SESSIONS.incrementAndGet(), "203.0.113.109", 0.5,
                    user, "T1078", "T1105", "T1059"));

            assertThat(taken).extracting(ResponseTaken::policy).containsExactlyInAnyOrder("intrusion-block", "intrusion-stop-instance");
            assertThat(status("203.0.113.109", Long.parseLong(project))).isEqualTo(403);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(mallory.get(instance).text("status")).isEqualTo("stopped"));
            assertThat(events.stream(ThreatAlert.class).filter(a -> a.projectId() == Long.parseLong(project)))
                    .extracting(ThreatAlert::severity).containsExactly("critical", "critical");
        } finally {
            mallory.delete(instance);
            lift(Long.parseLong(project));
        }
    }

    /**
     * Arena's own scope answered by the same rules (this context's allow-list and rate), except that it stops no
     * instances: it has none, and its sessions' users are the accounts signed in to, not offenders. Its rate of 4
     * responses a minute is spent here, by exactly 4 responses; no other test of this context responds in it.
     */
    @Test
    void arenasOwnScopeIsAnsweredByTheSameRulesButStopsNoInstances() throws Exception {
        long arena = 0;
        long bruteForce = SESSIONS.incrementAndGet();
        long allowListed = SESSIONS.incrementAndGet();
        long intrusion = SESSIONS.incrementAndGet();
        try {
            assertThat(responder.decide(verdict(arena, bruteForce, "203.0.113.111", 3.0, null, "T1110")))
                    .extracting(ResponseTaken::policy).containsExactlyInAnyOrder("brute-force-block", "anomaly-alert");
            assertThat(status("203.0.113.111", arena)).isEqualTo(403);
            assertThat(responder.decide(verdict(arena, allowListed, "192.0.2.6", 3.0, null, "T1110")))
                    .extracting(ResponseTaken::policy).containsExactly("anomaly-alert");
            assertThat(responder.decide(verdict(arena, intrusion, "203.0.113.112", 0.5, 42L, "T1078", "T1105")))
                    .extracting(ResponseTaken::policy).containsExactly("intrusion-block");

            assertThat(events.stream(ThreatAlert.class).filter(a -> a.projectId() == arena).map(ThreatAlert::sourceIp))
                    .containsExactlyInAnyOrder("203.0.113.111", "203.0.113.111", "192.0.2.6", "203.0.113.112");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_responses WHERE project_id = 0 AND session_id IN (?, ?, ?)")
                    .params(bruteForce, allowListed, intrusion).query(Integer.class).single()).isEqualTo(4);
        } finally {
            lift(arena);
        }
    }

    @Test
    void aWarmingUpModelMeetsNoScoreCondition() {
        long project = project();
        var warmingUp = new SessionVerdict(project, SESSIONS.incrementAndGet(), "203.0.113.105", Set.of("T1110"), Score.warmingUp(),
                null, Instant.now());

        assertThat(responder.decide(warmingUp)).isEmpty();
    }

    @Test
    void responsesBeyondTheProjectsRateAreHeldBack() {
        long project = project();
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(SESSIONS.incrementAndGet());
        }

        int taken = sessions.stream().mapToInt(s -> responder.decide(verdict(project, s, "203.0.113.106", 3.2, null)).size()).sum();

        assertThat(taken).isEqualTo(4);
        assertThat(audit(project)).hasSize(4);
        assertThat(responder.decide(verdict(project, sessions.getLast(), "203.0.113.106", 3.2, null)))
                .as("still over the rate").isEmpty();
    }

    @Test
    void aResponseThatCannotBeRecordedIsLeftForLaterWithoutFailingTheCaller() throws Exception {
        long noSuchProject = 1;
        SessionVerdict verdict = verdict(noSuchProject, SESSIONS.incrementAndGet(), "203.0.113.110", 3.4, null, "T1110");

        assertThat(responder.decide(verdict)).isEmpty();
        assertThat(responder.decide(verdict)).isEmpty();
        assertThat(status("203.0.113.110", noSuchProject)).isEqualTo(401);
    }

    @Test
    void concurrentUpdatesOfOneSessionRespondOnce() throws Exception {
        long project = project();
        SessionVerdict verdict = verdict(project, SESSIONS.incrementAndGet(), "203.0.113.107", 3.1, null);
        List<Callable<Integer>> updates = Collections.nCopies(16, () -> responder.decide(verdict).size());

        int taken;
        try (var pool = Executors.newFixedThreadPool(8)) {
            taken = pool.invokeAll(updates).stream().mapToInt(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).sum();
        }

        assertThat(taken).isEqualTo(1);
        assertThat(audit(project)).hasSize(1);
    }

    @Test
    void anotherNodeOrARestartDoesNotRespondTwice(@Autowired ProjectPolicies policies, @Autowired BlockService blocks, @Autowired Blocks stored,
                                                  @Autowired BlockList list, @Autowired ThreatResponses responses,
                                                  @Autowired InstanceControl instances, @Autowired ProjectAccess projects,
                                                  @Autowired RateLimiter limiter,
                                                  @Autowired ApplicationEventPublisher publisher, @Autowired TransactionTemplate tx,
                                                  @Autowired Ids ids, @Autowired ResponseSettings settings, @Autowired Clock clock,
                                                  @Autowired MeterRegistry meters) {
        long project = project();
        SessionVerdict verdict = verdict(project, SESSIONS.incrementAndGet(), "203.0.113.108", 3.3, null);
        assertThat(responder.decide(verdict)).hasSize(1);
        try (var otherNode = new PolicyResponder(policies, blocks, stored, list, responses, instances, projects, limiter, publisher, tx, ids, settings,
                Executors.newVirtualThreadPerTaskExecutor(), clock, meters)) {
            assertThat(otherNode.decide(verdict)).isEmpty();
        }
        assertThat(audit(project)).hasSize(1);
    }

    private void lift(long project) {
        stored.of(project, true, Instant.now(), Long.MIN_VALUE, 100).items().forEach(b -> blocks.lift(b, null));
    }
}
