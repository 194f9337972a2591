package dev.arena.threats;

import static dev.arena.threats.Threats.NDJSON;
import static dev.arena.threats.Threats.await;
import static dev.arena.threats.Threats.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.IdentityEvent;
import dev.arena.instances.InstanceEvent;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import dev.arena.threats.Threats.Project;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.ingest.PartitionLeases;
import dev.arena.threats.ingest.ThreatEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ingest to sessions to timeline, through the HTTP API and the real database; one subclass per database. */
abstract class ThreatScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Inbox inbox;

    @Autowired
    Ids ids;

    @Autowired
    PartitionLeases partitions;

    @Autowired
    JsonMapper json;

    @Autowired
    ApplicationEventPublisher events;

    /** The operator address of the test profile. */
    private static final String OPERATOR = "operator@arena.test";

    private Project project;
    private Api sensor;
    private Api reader;

    @BeforeEach
    void aProjectWithASensorAndAReader() {
        project = Project.create(port, "threats");
        sensor = project.token(port, "writer");
        reader = project.token(port, "reader");
    }

    @Test
    void aRecordedCowrieSessionBecomesOneSessionWithATimeline() {
        var accepted = ingest(sensor, project, CowrieFixture.text(), NDJSON);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("accepted").asInt()).isEqualTo(CowrieFixture.EVENTS);
        assertThat(accepted.json().path("errors").size()).isZero();
        JsonNode session = Threats.sessions(reader, project, "", 1).get(0);
        assertThat(session.path("source").asString()).isEqualTo(CowrieFixture.SOURCE);
        assertThat(session.path("events").asInt()).isEqualTo(CowrieFixture.EVENTS);
        assertThat(session.path("failedLogins").asInt()).isEqualTo(5);
        assertThat(session.path("distinctUsernames").asInt()).isEqualTo(3);
        assertThat(session.path("durationSeconds").asLong()).isEqualTo(42);
        assertThat(session.path("network").asString()).isEqualTo("public");
        assertThat(session.path("country").isNull()).as("no GeoIP database in tests").isTrue();
        assertThat(session.path("score").isNull()).isTrue();
        assertThat(texts(session.path("techniques"))).contains("T1110", "T1110.001", "T1078", "T1059.004", "T1082", "T1105",
                "T1222.002", "T1496", "T1053.003", "T1098.004");

        var detail = reader.get(project.path("/sessions/" + session.path("id").asString()));

        assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
        JsonNode timeline = detail.json().path("timeline");
        assertThat(timeline.size()).isEqualTo(CowrieFixture.EVENTS);
        assertThat(detail.json().path("timelineTruncated").asBoolean()).isFalse();
        assertThat(detail.json().has("responses")).isTrue();
        assertThat(timeline.get(0).path("type").asString()).isEqualTo("cowrie.session.connect");
        assertThat(timeline.get(0).path("sensorSession").asString()).isEqualTo(CowrieFixture.SENSOR_SESSION);
        JsonNode uname = stream(timeline).filter(e -> "uname -a".equals(e.path("command").asString())).findFirst().orElseThrow();
        assertThat(stream(uname.path("techniques")).map(t -> t.path("id").asString() + "/" + t.path("rule").asString()))
                .containsExactlyInAnyOrder("T1059.004/unix-shell", "T1082/system-information-discovery");
        assertThat(stream(uname.path("techniques")).map(t -> t.path("name").asString())).contains("System Information Discovery");
    }

    @Test
    void sessionsAreFilteredByTechniqueSourceAndTimeAndPaged() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            body.append(arenaEvent("command", now.minusSeconds(i), "192.0.2." + i, "\"command\":\"nmap -sS 10.0.0.0/24\"")).append('\n');
        }
        body.append(arenaEvent("login.failed", now, "192.0.2.9", "\"username\":\"root\",\"password\":\"x\"")).append('\n');
        assertThat(ingest(sensor, project, body.toString(), NDJSON).status()).isEqualTo(202);
        Threats.sessions(reader, project, "", 4);

        assertThat(reader.get(project.path("/sessions?technique=T1046")).json().path("items").size()).isEqualTo(3);
        assertThat(reader.get(project.path("/sessions?technique=T1059")).json().path("items").size()).as("T1059.004 is a T1059").isEqualTo(3);
        assertThat(reader.get(project.path("/sessions?source=192.0.2.9")).json().path("items").get(0).path("failedLogins").asInt()).isEqualTo(1);
        assertThat(reader.get(project.path("/sessions?from=" + now.plusSeconds(3600))).json().path("items").size()).isZero();
        assertThat(reader.get(project.path("/sessions?minScore=0.5")).json().path("items").size()).as("nothing scored yet").isZero();
        var first = reader.get(project.path("/sessions?limit=3")).json();
        var second = reader.get(project.path("/sessions?limit=3&cursor=" + first.path("nextCursor").asString())).json();
        assertThat(first.path("items").size()).isEqualTo(3);
        assertThat(second.path("items").size()).isEqualTo(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(reader.get(project.path("/sessions?technique=nmap")).status()).isEqualTo(422);
        assertThat(reader.get(project.path("/sessions?from=yesterday")).status()).isEqualTo(422);
    }

    @Test
    void theSummaryCountsRecentEventsSourcesTechniquesAndCountries() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = "[" + arenaEvent("command", now, "198.51.100.1", "\"command\":\"wget http://x/y\"") + ","
                + arenaEvent("command", now, "198.51.100.1", "\"command\":\"uname -a\"") + ","
                + arenaEvent("connect", now, "198.51.100.2", "\"sensor\":\"hp-2\"") + "]";
        assertThat(ingest(sensor, project, body, "application/json").status()).isEqualTo(202);
        Threats.sessions(reader, project, "", 2);

        JsonNode summary = reader.get(project.path("/summary?minutes=10")).json();

        assertThat(summary.path("events").asLong()).isEqualTo(3);
        assertThat(summary.path("topSources").get(0).path("key").asString()).isEqualTo("198.51.100.1");
        assertThat(summary.path("topSources").get(0).path("events").asLong()).isEqualTo(2);
        assertThat(stream(summary.path("topTechniques")).map(t -> t.path("technique").asString()))
                .containsExactlyInAnyOrder("T1105", "T1059.004", "T1082");
        assertThat(summary.path("countries").size()).as("no GeoIP database in tests").isZero();
    }

    @Test
    void badLinesAreReportedPerLineAndNeverCostTheGoodOnes() {
        Instant now = Instant.now();
        String body = arenaEvent("login.failed", now, "192.0.2.50", "\"username\":\"a\",\"password\":\"b\"") + "\n"
                + "{\"kind\":\"login.failed\",\"at\":\"" + now + "\",\"source\":\"999.1.1.1\"}\n"
                + "not json at all\n";

        var response = ingest(sensor, project, body, NDJSON);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().path("rejected").asInt()).isEqualTo(2);
        assertThat(stream(response.json().path("errors")).map(e -> e.path("line").asInt() + ":" + e.path("field").asString()))
                .containsExactly("2:source", "3:");
        Threats.sessions(reader, project, "?source=192.0.2.50", 1);
    }

    @Test
    void malformedForbiddenAndUnsupportedRequestsAreProblems() {
        var none = ingest(sensor, project, "{\"kind\":\"teleport\"}", NDJSON);
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.isProblem()).isTrue();
        assertThat(none.json().path("errors").get(0).path("line").asInt()).isEqualTo(1);
        var broken = ingest(sensor, project, "[{\"kind\":", "application/json");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.isProblem()).isTrue();
        var text = ingest(sensor, project, "hello", "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.isProblem()).isTrue();
        var asReader = ingest(reader, project, CowrieFixture.text(), NDJSON);
        assertThat(asReader.status()).isEqualTo(403);
        assertThat(asReader.isProblem()).isTrue();
        assertThat(reader.get(project.path("/sessions/12345")).status()).isEqualTo(404);
        assertThat(reader.get(project.path("/sessions/not-an-id")).status()).isEqualTo(404);
    }

    @Test
    void batchesLargerThanThePlatformsBodyLimitAreAccepted() {
        StringBuilder body = new StringBuilder();
        Instant now = Instant.now();
        String padding = "x".repeat(900);
        while (body.length() < 1_200_000) {
            body.append(arenaEvent("command", now, "192.0.2.77", "\"command\":\"echo " + padding + "\"")).append('\n');
        }

        var response = ingest(sensor, project, body.toString(), NDJSON);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isGreaterThan(1000);
    }

    @Test
    void anInboxBatchLeftBehindByACrashIsStoredAfterARestart() {
        long id = ids.next();
        Instant longAgo = Instant.now().minus(2, ChronoUnit.HOURS);
        List<ThreatEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new ThreatEvent(Instant.now(), "192.0.2.99", EventKind.LOGIN_FAILED, "cowrie.login.failed", "hp-1", "crash",
                    "root", "pw" + i, null, null, null, null, null));
        }
        long projectId = Long.parseLong(project.id());
        jdbc.sql("INSERT INTO threat_inbox (id, project_id, partition_no, received_at, events, payload) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, projectId, partitions.partitionOf(projectId, "192.0.2.99"), Db.ts(longAgo), 3, json.writeValueAsString(events))
                .update();

        inbox.reclaim();

        JsonNode session = Threats.sessions(reader, project, "?source=192.0.2.99", 1).get(0);
        assertThat(session.path("failedLogins").asInt()).isEqualTo(3);
        assertThat(await(() -> jdbc.sql("SELECT COUNT(*) FROM threat_inbox WHERE id = ?").param(id).query(Long.class).single(),
                n -> n == 0)).isZero();
        inbox.reclaim();
        assertThat(reader.get(project.path("/sessions/" + session.path("id").asString())).json().path("session").path("events").asInt())
                .as("stored once").isEqualTo(3);
    }

    @Test
    void arenasOwnFailedLoginsBecomeThreatEventsInArenasScope() {
        Api attacker = Api.at(port);
        String email = Api.email("victim");
        for (int i = 0; i < 5; i++) {
            attacker.post("/v1/auth/login", Map.of("email", email, "password", "guess-" + i, "client", "cli"));
        }

        long failures = await(() -> jdbc.sql("SELECT COUNT(*) FROM threat_events WHERE project_id = 0 AND source = ? AND kind = 'login.failed'")
                .param(attacker.ip()).query(Long.class).single(), n -> n == 5);

        assertThat(failures).isEqualTo(5);
        assertThat(jdbc.sql("SELECT t.technique FROM threat_techniques t JOIN threat_sessions s ON s.id = t.session_id WHERE s.source = ?")
                .param(attacker.ip()).query(String.class).list()).contains("T1110");
        assertThat(jdbc.sql("SELECT network FROM threat_sessions WHERE project_id = 0 AND source = ?").param(attacker.ip())
                .query(String.class).single()).isEqualTo("private");

        String arenaScope = "/v1/projects/0/threats/sessions?source=" + attacker.ip();
        JsonNode seen = operator().get(arenaScope).json().get("items");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).get("events").asLong()).isEqualTo(5);
        assertThat(operator().get("/v1/projects/0/threats/summary").json().get("events").asLong()).isGreaterThanOrEqualTo(5);
        for (Api stranger : List.of(reader, Api.signedIn(port, "not-an-operator"))) {
            var refused = stranger.get(arenaScope);
            assertThat(refused.status()).as("Arena's own scope to a non-operator").isEqualTo(404);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(Api.at(port).get(arenaScope).status()).isEqualTo(401);
    }

    /**
     * Arena's own scope answered: the operators give it a policy that blocks brute force at once (the built-in
     * one waits for a warmed-up score as well), and an address that keeps failing to sign in is refused by the
     * API until an operator lifts the block. The scope's policies are Arena-wide state (every context of the run
     * shares the database), so the set in force before is put back at the end.
     */
    @Test
    void anAddressThatKeepsFailingToSignInIsBlockedFromArenasOwnScope() {
        Api operator = operator();
        String policies = "/v1/projects/0/threats/policies";
        String blocks = "/v1/projects/0/threats/blocks";
        JsonNode before = operator.get(policies).json();
        var replaced = operator.put(policies, Map.of("version", before.path("version").asInt(), "policies", List.of(Map.of(
                "name", "sign-in-brute-force", "when", Map.of("any-of", List.of("T1110")), "action", "block-ip", "duration", "1h",
                "severity", "high"))));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        Api attacker = Api.at(port);
        try {
            String email = Api.email("victim");
            for (int i = 0; i < 5; i++) {
                assertThat(attacker.post("/v1/auth/login", Map.of("email", email, "password", "guess-" + i, "client", "cli")).status())
                        .isEqualTo(401);
            }

            var refused = await(() -> attacker.get("/v1/tiers"), r -> r.status() == 403);
            assertThat(refused.text("type")).isEqualTo("urn:arena:problem:address-blocked");
            assertThat(attacker.post("/v1/auth/login", Map.of("email", email, "password", "guess-5", "client", "cli")).status())
                    .as("not even a sign-in").isEqualTo(403);
            JsonNode block = operator.get(blocks + "?active=true").json().path("items").valueStream()
                    .filter(b -> b.path("address").asString().equals(attacker.ip())).findFirst().orElseThrow();
            assertThat(block.path("policy").asString()).isEqualTo("sign-in-brute-force");
            String session = operator.get("/v1/projects/0/threats/sessions?source=" + attacker.ip()).json().path("items").get(0)
                    .path("id").asString();
            JsonNode response = operator.get("/v1/projects/0/threats/sessions/" + session).json().path("responses").get(0);
            assertThat(response.path("policy").asString() + " " + response.path("policySet").asString() + " " + response.path("outcome")
                    .asString()).isEqualTo("sign-in-brute-force project enforced");
            for (Api stranger : List.of(reader, project.owner())) {
                assertThat(stranger.get(blocks).status()).as("Arena's own blocks to a non-operator").isEqualTo(404);
                assertThat(stranger.delete(blocks + "/" + block.path("id").asString()).status()).isEqualTo(404);
                assertThat(stranger.get(policies).status()).isEqualTo(404);
                assertThat(stranger.put(policies, Map.of("version", 1, "policies", List.of())).status()).isEqualTo(404);
            }

            assertThat(operator.delete(blocks + "/" + block.path("id").asString()).status()).isEqualTo(204);
            assertThat(attacker.get("/v1/tiers").status()).as("lifted by an operator").isEqualTo(200);
        } finally {
            int version = replaced.json().path("version").asInt();
            assertThat(operator.put(policies, Map.of("version", version, "policies", before.path("policies"))).status()).isEqualTo(200);
            operator.get(blocks + "?active=true").json().path("items").valueStream()
                    .filter(b -> b.path("address").asString().equals(attacker.ip()))
                    .forEach(b -> operator.delete(blocks + "/" + b.path("id").asString()));
        }
    }

    /** Arena's operator of the test profile, its address marked verified. */
    private Api operator() {
        Api.at(port).post("/v1/auth/register", Map.of("email", OPERATOR, "password", Api.PASSWORD, "displayName", "Operator"));
        jdbc.sql("UPDATE users SET email_verified = TRUE WHERE email = ?").param(OPERATOR).update();
        Api operator = Api.at(port);
        return operator.bearer(operator.post("/v1/auth/login", Map.of("email", OPERATOR, "password", Api.PASSWORD, "client", "cli"))
                .text("token"));
    }

    @Test
    void tokenReuseAndInstanceEventsButNotExtensionsBecomeThreatEventsOfTheirProject() {
        long projectId = Long.parseLong(project.id());
        events.publishEvent(new IdentityEvent.RefreshTokenReuseDetected(77, projectId, "user:42", "198.51.100.66"));
        // An extension is published first: had it been recorded, it would be in the started instance's session.
        events.publishEvent(new InstanceEvent.InstanceExtended(5, projectId, 6, "user-42", 42L, 1, Instant.now().plusSeconds(900)));
        events.publishEvent(new InstanceEvent.InstanceStarted(5, projectId, 6, "user-42", 42L, Instant.now().plusSeconds(600)));

        JsonNode sessions = Threats.sessions(reader, project, "", 2);

        JsonNode reuse = stream(sessions).filter(s -> s.path("source").asString().equals("198.51.100.66")).findFirst().orElseThrow();
        assertThat(texts(reuse.path("techniques"))).containsExactly("T1550.001");
        assertThat(reuse.path("offenderUserId").asString()).isEqualTo("42");
        JsonNode instance = stream(sessions).filter(s -> s.path("source").asString().equals("user-42")).findFirst().orElseThrow();
        assertThat(instance.path("network").asString()).isEqualTo("none");
        var timeline = reader.get(project.path("/sessions/" + instance.path("id").asString())).json().path("timeline");
        assertThat(stream(timeline).map(e -> e.path("type").asString()).toList()).as("no extension").containsExactly("arena.instance.started");
    }

    @Test
    void deletingAProjectDeletesItsThreatData() {
        assertThat(ingest(sensor, project, CowrieFixture.text(), NDJSON).status()).isEqualTo(202);
        Threats.sessions(reader, project, "", 1);

        assertThat(project.owner().delete("/v1/projects/" + project.id()).status()).isEqualTo(204);

        long projectId = Long.parseLong(project.id());
        for (String table : List.of("threat_events", "threat_sessions", "threat_techniques", "threat_minutes")) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE project_id = ?").param(projectId).query(Long.class).single())
                    .as(table).isZero();
        }
    }

    @Test
    void theGeoIpDatabaseInUseIsShownToSignedInCallers() {
        var shown = project.owner().get("/v1/threats/geoip");

        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().has("country")).isTrue();
        assertThat(shown.json().path("source").isNull()).as("no database in tests").isTrue();
        assertThat(Api.at(port).get("/v1/threats/geoip").status()).isEqualTo(401);
    }

    static String arenaEvent(String kind, Instant at, String source, String extra) {
        return "{\"kind\":\"" + kind + "\",\"at\":\"" + at + "\",\"source\":\"" + source + "\",\"sensor\":\"hp-1\"," + extra + "}";
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asString).toList();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
