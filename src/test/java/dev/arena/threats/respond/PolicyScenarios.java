package dev.arena.threats.respond;

import static dev.arena.threats.Threats.NDJSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.threats.Threats;
import dev.arena.threats.Threats.Project;
import dev.arena.threats.score.Score;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A project's own response policies: read and replaced over the API, checked, versioned, kept apart from
 * other tenants, and followed by the decisions on the project's sessions — where the built-in set would have
 * done otherwise. Blocks here are of 198.18.7.0/24, which no other test uses, and are lifted at the end of
 * each test. Run on H2 and on PostgreSQL by the subclasses.
 */
abstract class PolicyScenarios {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicLong SESSIONS = new AtomicLong(System.nanoTime());
    /** The built-in set's version, which a project's first own set replaces. */
    static final int BUILT_IN = 2;

    @LocalServerPort
    int port;

    @Autowired
    Responder responder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BlockService blocks;

    @Autowired
    Blocks stored;

    /** Blocks brute force (T1110) at once, whatever the score; the built-in set asks for a score of 2.5 as well. */
    static Map<String, Object> bruteForceAtOnce() {
        return Map.of("name", "brute-force-at-once", "when", Map.of("any-of", List.of("T1110")), "action", "block-ip",
                "duration", "2h", "escalation", 3, "severity", "high");
    }

    /** Blocks remote services (T1021), a technique no built-in policy names, from a low score of 1.2. */
    private static Map<String, Object> lateralMovement() {
        return Map.of("name", "lateral-movement", "when", Map.of("score", 1.2, "all-of", List.of("T1021")), "action", "block-ip",
                "duration", "30m");
    }

    static Map<String, Object> set(int version, Object... policies) {
        return Map.of("version", version, "policies", List.of(policies));
    }

    private static String path(Project project) {
        return project.path("/policies");
    }

    @Test
    void aProjectWithoutItsOwnSetReadsTheBuiltInOne() {
        Project project = Project.create(port, "policies-read");

        var read = project.token(port, "reader").get(path(project));

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("version").asInt()).isEqualTo(BUILT_IN);
        assertThat(read.text("set")).isEqualTo("built-in");
        assertThat(read.json().path("policies").findValuesAsString("name")).contains("brute-force-block", "anomaly-alert");
        JsonNode bruteForce = read.json().path("policies").get(0);
        assertThat(bruteForce.path("when").path("score").asDouble()).isEqualTo(2.5);
        assertThat(bruteForce.path("duration").asString()).isEqualTo("1h");
        assertThat(read.json().path("updatedBy").isNull()).isTrue();
    }

    @Test
    void anAdminReplacesTheSetAsTheNextVersionKeepingTheOldOnesAsTheAuditTrail() {
        Project project = Project.create(port, "policies-replace");
        String admin = project.owner().get("/v1/users/me").text("id");

        var replaced = project.owner().put(path(project), set(BUILT_IN, bruteForceAtOnce()));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().path("version").asInt()).isEqualTo(BUILT_IN + 1);
        assertThat(replaced.text("set")).isEqualTo("project");
        assertThat(replaced.text("updatedBy")).isEqualTo(admin);
        assertThat(replaced.json().path("policies").findValuesAsString("name")).containsExactly("brute-force-at-once");
        var read = project.token(port, "reader").get(path(project));
        assertThat(read.json().path("policies")).isEqualTo(replaced.json().path("policies"));

        var again = project.owner().put(path(project), Map.of("version", BUILT_IN + 1, "policies",
                List.of(read.json().path("policies").get(0), lateralMovement())));
        assertThat(again.json().path("version").asInt()).as(again.toString()).isEqualTo(BUILT_IN + 2);
        assertThat(jdbc.sql("SELECT version || ' by ' || created_by FROM threat_policies WHERE project_id = ? ORDER BY version")
                .param(Long.parseLong(project.id())).query(String.class).list())
                .containsExactly((BUILT_IN + 1) + " by " + admin, (BUILT_IN + 2) + " by " + admin);
        var first = project.token(port, "reader").get(path(project) + "/" + (BUILT_IN + 1));
        assertThat(first.json().path("policies").findValuesAsString("name")).as("the version replaced, as it was")
                .containsExactly("brute-force-at-once");
        assertThat(first.text("updatedBy")).isEqualTo(admin);
        assertThat(project.owner().get(path(project) + "/" + BUILT_IN).status()).as("the built-in set is no version of the project's")
                .isEqualTo(404);
        assertThat(project.owner().get(path(project) + "/latest").status()).isEqualTo(400);
    }

    @Test
    void replacingAVersionNoLongerInForceIsAConflict() {
        Project project = Project.create(port, "policies-stale");
        assertThat(project.owner().put(path(project), set(BUILT_IN, bruteForceAtOnce())).status()).isEqualTo(200);

        var stale = project.owner().put(path(project), set(BUILT_IN, lateralMovement()));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.isProblem()).isTrue();
        assertThat(stale.text("type")).isEqualTo("urn:arena:problem:stale-policies");
        assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(BUILT_IN + 1);
        assertThat(project.owner().get(path(project)).json().path("policies").findValuesAsString("name"))
                .as("unchanged").containsExactly("brute-force-at-once");
    }

    @Test
    void deletingAProjectDeletesItsPolicies() {
        Project project = Project.create(port, "policies-deleted");
        assertThat(project.owner().put(path(project), set(BUILT_IN, bruteForceAtOnce())).status()).isEqualTo(200);

        assertThat(project.owner().delete("/v1/projects/" + project.id()).status()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_policies WHERE project_id = ?").param(Long.parseLong(project.id()))
                .query(Long.class).single()).isZero();
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"policies\": []}|version|",
            "{\"version\": 2.5, \"policies\": []}|version|",
            "{\"version\": 2}|policies|",
            "{\"version\": 2, \"policies\": [], \"colour\": \"red\"}|colour|",
            "{\"version\": 2, \"policies\": [\"block\"]}|policies[0]|",
            "{\"version\": 2, \"policies\": [{\"name\": \"Bad Name\", \"when\": {\"score\": 1}, \"action\": \"alert\"}]}|policies[0].name|",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"alert\"}, {\"name\": \"b\", \"when\": {\"score\": \"high\"}, \"action\": \"alert\"}]}|policies[1].when.score|b",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"any-of\": [\"brute\"]}, \"action\": \"alert\"}]}|policies[0].when.any-of|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"scroe\": 1}, \"action\": \"alert\"}]}|policies[0].when.scroe|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {}, \"action\": \"alert\"}]}|policies[0].when|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"nuke\"}]}|policies[0].action|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"block-ip\"}]}|policies[0].duration|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"alert\", \"escalation\": 500}]}|policies[0].escalation|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"alert\", \"dry-run\": \"yes\"}]}|policies[0].dry-run|a",
            "{\"version\": 2, \"policies\": [{\"name\": \"a\", \"when\": {\"score\": 1}, \"action\": \"alert\"}, {\"name\": \"a\", \"when\": {\"score\": 2}, \"action\": \"alert\"}]}|policies[1].name|a"})
    void aMistakeIsRefusedNamingThePolicyAndTheField(String body, String field, @Nullable String policy) {
        Project project = Project.create(port, "policies-invalid");

        var refused = project.owner().send("PUT", path(project), body, Map.of());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.text("field")).isEqualTo(field);
        if (policy != null) {
            assertThat(refused.text("detail")).as("names the policy").startsWith("policy '" + policy + "'");
        }
        assertThat(project.owner().get(path(project)).text("set")).isEqualTo("built-in");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{not json", "[1, 2]", "\"policies\""})
    void aBodyThatIsNoJsonObjectIsABadRequest(String body) {
        Project project = Project.create(port, "policies-malformed");

        var refused = project.owner().send("PUT", path(project), body, Map.of());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.isProblem()).isTrue();
    }

    @Test
    void readersReadWritersAndReadersMayNotReplaceAndOtherTenantsSeeNothing() {
        Project project = Project.create(port, "policies-access");
        Api stranger = Api.signedIn(port, "policies-stranger");

        assertThat(project.token(port, "reader").put(path(project), set(BUILT_IN, bruteForceAtOnce())).status()).isEqualTo(403);
        assertThat(project.token(port, "writer").put(path(project), set(BUILT_IN, bruteForceAtOnce())).status()).isEqualTo(403);
        for (var refused : List.of(stranger.get(path(project)), stranger.put(path(project), set(BUILT_IN, bruteForceAtOnce())))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.body()).doesNotContain("brute-force");
        }
        assertThat(Api.at(port).get(path(project)).status()).isEqualTo(401);
        assertThat(project.owner().get(path(project)).text("set")).as("nothing replaced").isEqualTo("built-in");
    }

    @Test
    void decisionsFollowTheProjectsOwnSetAndOtherProjectsKeepTheBuiltInOne() {
        Project own = Project.create(port, "policies-own");
        Project other = Project.create(port, "policies-other");
        assertThat(own.owner().put(path(own), set(BUILT_IN, lateralMovement())).status()).isEqualTo(200);
        long session = SESSIONS.incrementAndGet();
        try {
            List<ResponseTaken> taken = responder.decide(verdict(own, session, "198.18.7.1", 1.5, "T1021.004"));

            assertThat(taken).singleElement().satisfies(r -> {
                assertThat(r.policy()).isEqualTo("lateral-movement");
                assertThat(r.outcome()).isEqualTo("enforced");
                assertThat(r.expiresAt()).isBetween(Instant.now().plusSeconds(1700), Instant.now().plusSeconds(1800));
            });
            assertThat(responder.decide(verdict(other, SESSIONS.incrementAndGet(), "198.18.7.2", 1.5, "T1021.004")))
                    .as("no built-in policy names T1021 or acts on a score of 1.5").isEmpty();
            assertThat(jdbc.sql("SELECT policy_set || ' ' || policy_version FROM threat_responses WHERE session_id = ?").param(session)
                    .query(String.class).single()).isEqualTo("project " + (BUILT_IN + 1));
        } finally {
            lift(own);
        }
    }

    @Test
    void aSetReplacedOverTheApiDecidesThePipelinesNextSessionsAndOnlyThoseOfItsProject() throws Exception {
        Project own = Project.create(port, "policies-pipeline");
        Project other = Project.create(port, "policies-pipeline-other");
        assertThat(own.owner().put(path(own), set(BUILT_IN, bruteForceAtOnce())).status()).isEqualTo(200);
        try {
            // The other project's session first: the decision thread decides in order, so it is decided before the block below.
            assertThat(Threats.ingest(other.token(port, "writer"), other, bruteForce("198.18.7.11"), NDJSON).status()).isEqualTo(202);
            assertThat(Threats.ingest(own.token(port, "writer"), own, bruteForce("198.18.7.10"), NDJSON).status()).isEqualTo(202);

            JsonNode block = Threats.await(() -> own.owner().get(own.path("/blocks?active=true")).json().path("items"),
                    items -> !items.isEmpty()).get(0);
            assertThat(block.path("address").asString()).isEqualTo("198.18.7.10");
            assertThat(block.path("policy").asString()).isEqualTo("brute-force-at-once");
            assertThat(status("198.18.7.10", own)).isEqualTo(403);
            assertThat(other.owner().get(other.path("/blocks")).json().path("items").size())
                    .as("the built-in set wants a score as well, and the model is warming up").isZero();
            assertThat(status("198.18.7.11", other)).isEqualTo(401);
        } finally {
            lift(own);
        }
    }

    /** Five failed logins from {@code source} with five usernames: T1110 (and T1110.003) on the fifth. */
    private static String bruteForce(String source) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return IntStream.range(0, 5).mapToObj(i -> "{\"kind\":\"login.failed\",\"at\":\"" + at.plusSeconds(i) + "\",\"source\":\"" + source
                + "\",\"sensor\":\"hp-1\",\"username\":\"user" + i + "\",\"password\":\"123456\"}").collect(Collectors.joining("\n"));
    }

    private static SessionVerdict verdict(Project project, long session, String ip, double score, String... techniques) {
        return new SessionVerdict(Long.parseLong(project.id()), session, ip, Set.of(techniques), new Score(score, List.of()), null,
                Instant.now());
    }

    /** The status of an anonymous request from {@code ip} to a route of {@code project}: 403 if blocked there, else 401. */
    private int status(String ip, Project project) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + project.path("/sessions")))
                .header("X-Forwarded-For", ip).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void lift(Project project) {
        stored.of(Long.parseLong(project.id()), true, Instant.now(), Long.MIN_VALUE, 100).items().forEach(b -> blocks.lift(b, null));
    }
}
