package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Blocks at Arena's API, told as an admin's story against callers at documentation addresses (the test
 * profile trusts one proxy, so {@code X-Forwarded-For} is the caller's address).
 * Run on H2 and on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlockScenarios {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BlockService service;

    private Api admin;
    private String project = "";
    private String blocks = "";
    /** A route of the project that blocks; anonymous callers get 401 there unless blocked. */
    private String projectRoute = "";
    /** The same route of another tenant's project. */
    private String otherRoute = "";

    @BeforeAll
    void setUp() {
        admin = Api.signedIn(port, "blocker");
        String org = admin.createOrg("Blockers");
        project = admin.createProject(org, "honeypots");
        blocks = "/v1/projects/" + project + "/threats/blocks";
        projectRoute = "/v1/projects/" + project + "/threats/sessions";
        Api bystander = Api.signedIn(port, "bystander");
        otherRoute = "/v1/projects/" + bystander.createProject(bystander.createOrg("Bystanders"), "theirs") + "/threats/sessions";
    }

    /** The status of an anonymous request to {@code path} from {@code ip}, and its problem type if any. */
    private String from(String ip, String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Forwarded-For", ip).build(), HttpResponse.BodyHandlers.ofString());
        String type = response.body().contains("urn:arena:problem:address-blocked") ? " address-blocked" : "";
        return response.statusCode() + type;
    }

    @Test
    void aBlockedAddressGetsForbiddenOnTheProjectsRoutesUntilTheBlockIsLifted() throws Exception {
        assertThat(from("203.0.113.7", projectRoute)).isEqualTo("401");

        var made = admin.post(blocks, Map.of("address", "203.0.113.7", "duration", "1h", "reason", "ssh brute force"));

        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.text("address")).isEqualTo("203.0.113.7");
        assertThat(made.json().path("active").asBoolean()).isTrue();
        assertThat(from("203.0.113.7", projectRoute)).as("before authentication").isEqualTo("403 address-blocked");
        assertThat(from("203.0.113.7", "/v1/projects/" + project + "/challenges")).isEqualTo("403 address-blocked");
        String encoded = project.chars().mapToObj(c -> "%3" + (char) c).collect(java.util.stream.Collectors.joining());
        assertThat(from("203.0.113.7", "/v1/projects/" + encoded + "/threats/sessions")).as("the id spelt encoded").isEqualTo("403 address-blocked");
        assertThat(from("203.0.113.7", "/v1/projects/" + project + ";x=1/threats/sessions")).isEqualTo("403 address-blocked");
        assertThat(from("203.0.113.7", "/v1/health/live")).isEqualTo("200");
        assertThat(from("203.0.113.8", projectRoute)).as("a neighbour").isEqualTo("401");
        assertThat(from("203.0.113.7", otherRoute)).as("another tenant's project").isEqualTo("401");
        assertThat(from("203.0.113.7", "/v1/tiers")).as("a route of no project").isEqualTo("200");
        assertThat(admin.get(blocks + "?active=true").json().path("items").findValuesAsString("address")).contains("203.0.113.7");

        var again = admin.post(blocks, Map.of("address", "203.0.113.7", "duration", "2h"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo("urn:arena:problem:block-exists");
        assertThat(again.text("blockId")).isEqualTo(made.text("id"));

        assertThat(admin.delete(blocks + "/" + made.text("id")).status()).isEqualTo(204);
        assertThat(from("203.0.113.7", projectRoute)).isEqualTo("401");
        assertThat(admin.get(blocks + "?active=true").json().path("items").findValuesAsString("address")).doesNotContain("203.0.113.7");
        assertThat(admin.get(blocks).json().path("items").findValuesAsString("address")).as("kept as history").contains("203.0.113.7");
    }

    @Test
    void aRangeBlocksEveryAddressInIt() throws Exception {
        var made = admin.post(blocks, Map.of("address", "198.51.100.77/24", "duration", "1h"));

        assertThat(made.text("address")).isEqualTo("198.51.100.0/24");
        assertThat(from("198.51.100.200", projectRoute)).isEqualTo("403 address-blocked");
        assertThat(from("198.51.100.200", otherRoute)).as("another tenant's project").isEqualTo("401");
        assertThat(from("198.51.101.1", projectRoute)).isEqualTo("401");
        admin.delete(blocks + "/" + made.text("id"));
    }

    @Test
    void aBlockEndsOnItsOwn() throws Exception {
        admin.post(blocks, Map.of("address", "203.0.113.20", "duration", "1s"));
        assertThat(from("203.0.113.20", projectRoute)).isEqualTo("403 address-blocked");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(from("203.0.113.20", projectRoute)).isEqualTo("401"));

        var renewed = admin.post(blocks, Map.of("address", "203.0.113.20", "duration", "1h"));
        assertThat(renewed.status()).as("an expired block is no duplicate").isEqualTo(201);
        admin.delete(blocks + "/" + renewed.text("id"));
    }

    @Test
    void aBlockMadeOnAnotherNodeAppliesAtTheNextReload() throws Exception {
        var now = OffsetDateTime.now();
        jdbc.sql("INSERT INTO threat_blocks (id, project_id, cidr, reason, created_at, expires_at, active_key) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(4_242_424L, Long.parseLong(project), "203.0.113.30", "another node", now, now.plusHours(1), project + ":203.0.113.30")
                .update();
        assertThat(from("203.0.113.30", projectRoute)).as("not yet reloaded here").isEqualTo("401");

        service.reload();

        assertThat(from("203.0.113.30", projectRoute)).isEqualTo("403 address-blocked");
        admin.delete(blocks + "/4242424");
        assertThat(from("203.0.113.30", projectRoute)).isEqualTo("401");
    }

    @Test
    void aBlockOfArenasOwnScopeHoldsOnEveryRoute() throws Exception {
        var now = OffsetDateTime.now();
        jdbc.sql("INSERT INTO threat_blocks (id, project_id, cidr, reason, created_at, expires_at, active_key) VALUES (?, 0, ?, ?, ?, ?, ?)")
                .params(4_242_425L, "203.0.113.31", "Arena's operators", now, now.plusHours(1), "0:203.0.113.31")
                .update();
        service.reload();

        try {
            assertThat(from("203.0.113.31", "/v1/tiers")).isEqualTo("403 address-blocked");
            assertThat(from("203.0.113.31", projectRoute)).isEqualTo("403 address-blocked");
            assertThat(from("203.0.113.31", otherRoute)).isEqualTo("403 address-blocked");
        } finally {
            jdbc.sql("DELETE FROM threat_blocks WHERE id = 4242425").update();
            service.reload();
        }
        assertThat(from("203.0.113.31", "/v1/tiers")).isEqualTo("200");
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource({"999.1.1.1,1h,address", "203.0.113.1/33,1h,address", "example.com,1h,address", "'',1h,address",
            "203.0.113.1,forever,duration", "203.0.113.1,0s,duration", "203.0.113.1,400d,duration", "203.0.113.1,'',duration"})
    void aBadAddressOrDurationIsRefusedNamingTheField(String address, String duration, String field) {
        var refused = admin.post(blocks, Map.of("address", address, "duration", duration));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text("field")).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {"GET|?limit=0|", "GET|?limit=abc|", "GET|?cursor=abc|", "POST||{not json", "POST||[1,2]",
            "DELETE|/abc|", "DELETE|/123|"})
    void malformedRequestsAreProblems(String method, String suffix, String body) {
        var answer = admin.send(method, blocks + (suffix == null ? "" : suffix), body, Map.of());

        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
    }

    @Test
    void anAdminCannotLockThemselvesOut() {
        var refused = admin.post(blocks, Map.of("address", admin.ip(), "duration", "1h"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("detail")).contains("your own address");
    }

    @Test
    void readersSeeBlocksButOnlyAdminsMakeAndLiftThem() {
        String token = admin.post("/v1/orgs/" + admin.get("/v1/projects/" + project).text("orgId") + "/projects/" + project + "/tokens",
                Map.of("role", "reader")).text("access_token");
        Api reader = Api.at(port).bearer(token);
        var made = admin.post(blocks, Map.of("address", "203.0.113.40", "duration", "1h"));

        assertThat(reader.get(blocks).status()).isEqualTo(200);
        assertThat(reader.post(blocks, Map.of("address", "203.0.113.41", "duration", "1h")).status()).isEqualTo(403);
        assertThat(reader.delete(blocks + "/" + made.text("id")).status()).isEqualTo(403);
        admin.delete(blocks + "/" + made.text("id"));
    }
}
