package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.Tenants;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The challenge setup pages over plain HTTP, as htmx speaks to them: writers create, change and delete challenges
 * under the API's own rules, a refused form shows the problem in its own box naming the field, readers change
 * nothing, other tenants and strangers see nothing, and every change needs the CSRF token.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengePagesTests {

    /** What htmx sends for the challenge form, which aims its request at the form's own problem box. */
    private static final Map<String, String> FORM = Map.of("Accept", "*/*", "HX-Request", "true", "HX-Target", "challenge-problem",
            "Content-Type", "application/x-www-form-urlencoded");

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    private Api writer;
    private Api reader;
    private Api stranger;
    private String project = "";
    private String base = "";
    private String challenge = "";

    @BeforeAll
    void setUp() {
        writer = webUser(port, Api.email("setup-writer"));
        String org = writer.createOrg("Setup Secret Org");
        project = writer.createProject(org, "setup-secret-project");
        base = "/console/projects/" + project + "/challenges";
        challenge = writer.post("/v1/projects/" + project + "/challenges", Map.of("name", "setup-secret-challenge",
                "image", "arena/busybox:1", "ports", List.of(8080), "flagTemplate", "flag{setup_secret}")).text("id");
        reader = webUser(port, Api.email("setup-reader"));
        Tenants.join(writer, org, reader, "member", mail);
        assertThat(writer.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(reader), Map.of("role", "reader")).status())
                .isEqualTo(200);
        stranger = webUser(port, Api.email("setup-stranger"));
        stranger.createProject(stranger.createOrg("Setup Strangers Org"), "setup-strangers-project");
    }

    @Test
    void aWriterCreatesAChallengeWithEverySettingTheApiTakes() {
        var list = writer.send("GET", base, null, PAGE);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"nav-setup\"", "id=\"new-challenge\"", "setup-secret-challenge", "flag{setup_secret}");
        assertThat(writer.send("GET", base + "/new", null, PAGE).body()).contains("id=\"challenge-form\"", ">Create<");

        var created = writer.send("POST", base, form("name", "crypto-201", "image", "arena/busybox:1",
                "command", "httpd\r\n-f\r\n-p\r\n9090\r\n", "ports", "9090, 9443", "memoryMib", "48", "cpus", "0.25",
                "lifetimeSeconds", "900", "extensionSeconds", "300", "maxExtensions", "2", "maxTotalSeconds", "1500",
                "env", "MODE=hard\r\nLEVEL=2", "flagTemplate", "flag{crypto_201}", "flagEnv", "FLAG", "allowOutbound", "on",
                "capabilities", "NET_BIND_SERVICE, CHOWN", "warmPool", ""), FORM);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.header("HX-Redirect")).isEqualTo(base);
        JsonNode c = byName("crypto-201");
        assertThat(c.path("command").valueStream().map(JsonNode::asString).toList()).containsExactly("httpd", "-f", "-p", "9090");
        assertThat(c.path("ports").valueStream().map(JsonNode::asInt).toList()).containsExactly(9090, 9443);
        assertThat(c.path("memoryMib").asInt()).isEqualTo(48);
        assertThat(c.path("cpus").asDouble()).isEqualTo(0.25);
        assertThat(c.path("lifetimeSeconds").asInt()).isEqualTo(900);
        assertThat(c.path("extensionSeconds").asInt()).isEqualTo(300);
        assertThat(c.path("maxExtensions").asInt()).isEqualTo(2);
        assertThat(c.path("maxTotalSeconds").asInt()).isEqualTo(1500);
        assertThat(c.path("env").path("MODE").asString()).isEqualTo("hard");
        assertThat(c.path("env").path("LEVEL").asString()).isEqualTo("2");
        assertThat(c.path("flagTemplate").asString()).isEqualTo("flag{crypto_201}");
        assertThat(c.path("flagEnv").asString()).isEqualTo("FLAG");
        assertThat(c.path("flagFile").isNull()).isTrue();
        assertThat(c.path("allowOutbound").asBoolean()).isTrue();
        assertThat(c.path("capabilities").valueStream().map(JsonNode::asString).toList()).containsExactly("NET_BIND_SERVICE", "CHOWN");
        assertThat(c.path("writableRoot").asBoolean()).isFalse();
        assertThat(c.path("warmPool").asInt()).as("blank: the default").isZero();
        assertThat(writer.send("GET", base, null, PAGE).body()).contains("id=\"challenge-crypto-201\"", "9090, 9443", "env FLAG");
    }

    @Test
    void aWriterEditsAChallengeAndAClearedCheckboxOrListClearsIt() {
        String id = writer.post("/v1/projects/" + project + "/challenges", Map.of("name", "pwn-301", "image", "arena/busybox:1",
                "ports", List.of(8080), "flagTemplate", "flag{pwn}", "allowOutbound", true, "env", Map.of("DEBUG", "1"),
                "memoryMib", 64)).text("id");

        var form = writer.send("GET", base + "/" + id + "/edit", null, PAGE);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Edit pwn-301", "value=\"pwn-301\"", "value=\"64\"", "DEBUG=1", "value=\"/run/arena/flag\"", ">Save<")
                .containsPattern("name=\"allowOutbound\" id=\"challenge-outbound\" checked");

        var saved = writer.send("POST", base + "/" + id, form("name", "pwn-301", "image", "arena/busybox:1", "ports", "8080",
                "memoryMib", "96", "cpus", "", "flagTemplate", "flag{pwn_v2}", "flagFile", "/run/arena/flag", "env", ""), FORM);

        assertThat(saved.header("HX-Redirect")).as(saved.toString()).isEqualTo(base);
        JsonNode c = writer.get("/v1/projects/" + project + "/challenges/" + id).json();
        assertThat(c.path("memoryMib").asInt()).isEqualTo(96);
        assertThat(c.path("cpus").asDouble()).as("blank: kept").isEqualTo(0.5);
        assertThat(c.path("flagTemplate").asString()).isEqualTo("flag{pwn_v2}");
        assertThat(c.path("allowOutbound").asBoolean()).as("unchecked").isFalse();
        assertThat(c.path("env").isEmpty()).as("emptied").isTrue();
    }

    @Test
    void aWriterDeletesAChallenge() {
        String id = writer.post("/v1/projects/" + project + "/challenges", Map.of("name", "doomed", "image", "arena/busybox:1",
                "ports", List.of(8080), "flagTemplate", "flag{doomed}")).text("id");

        var deleted = writer.send("POST", base + "/" + id + "/delete", "", HTMX);

        assertThat(deleted.header("HX-Redirect")).as(deleted.toString()).isEqualTo(base);
        assertThat(writer.get("/v1/projects/" + project + "/challenges/" + id).status()).isEqualTo(404);
        assertThat(writer.send("GET", base, null, PAGE).body()).doesNotContain("challenge-doomed");
    }

    @Test
    void badInputIsShownInTheFormsOwnBoxNamingTheFieldAndNothingIsCreated() {
        var notANumber = writer.send("POST", base, valid("bad-1", "memoryMib", "lots"), FORM);
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.header("Content-Type")).startsWith("text/html");
        assertThat(notANumber.header("HX-Retarget")).isEqualTo("#challenge-problem");
        assertThat(notANumber.body()).contains("memoryMib must be a number, not &#39;lots&#39;", "data-field=\"memoryMib\"");

        var tooSmall = writer.send("POST", base, valid("bad-2", "memoryMib", "2"), FORM);
        assertThat(tooSmall.status()).as("the challenge's own rule, as over the API").isEqualTo(422);
        assertThat(tooSmall.body()).contains("memoryMib must be 6-16384", "data-field=\"memoryMib\"");

        var bothFlags = writer.send("POST", base, valid("bad-3", "flagEnv", "FLAG") + "&flagFile=%2Frun%2Farena%2Fflag", FORM);
        assertThat(bothFlags.body()).contains("give exactly one of flagFile and flagEnv", "data-field=\"flagFile\"");

        var noTemplate = writer.send("POST", base, form("name", "bad-4", "image", "arena/busybox:1", "ports", "8080"), FORM);
        assertThat(noTemplate.body()).contains("flagTemplate is required", "data-field=\"flagTemplate\"");

        var badEnv = writer.send("POST", base, valid("bad-5", "env", "no equals sign"), FORM);
        assertThat(badEnv.body()).contains("data-field=\"env\"");

        var taken = writer.send("POST", base, valid("setup-secret-challenge", "cpus", "1"), FORM);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.header("HX-Retarget")).isEqualTo("#challenge-problem");

        var elsewhere = writer.send("POST", base, valid("bad-6", "cpus", "many"), HTMX);
        assertThat(elsewhere.header("HX-Retarget")).as("a request not aimed at a problem box").isEqualTo("#flash");

        assertThat(writer.get("/v1/projects/" + project + "/challenges").body()).doesNotContain("bad-");
    }

    @Test
    void aReaderSeesTheListWithoutControlsAndChangesNothing() {
        var list = reader.send("GET", base, null, PAGE);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("setup-secret-challenge")
                .doesNotContain("id=\"new-challenge\"", "class=\"edit\"", "class=\"contrast delete\"", "flag{setup_secret}");
        assertThat(reader.send("GET", "/console/projects/" + project, null, PAGE).body()).doesNotContain("nav-setup");

        for (String path : List.of(base + "/new", base + "/" + challenge + "/edit")) {
            var page = reader.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).doesNotContain("flag{setup_secret}");
        }
        assertThat(reader.send("POST", base, valid("planted", "cpus", "1"), FORM).status()).isEqualTo(403);
        assertThat(reader.send("POST", base + "/" + challenge, valid("setup-secret-challenge", "memoryMib", "lots"), FORM).status())
                .as("refused before the form is read").isEqualTo(403);
        assertThat(reader.send("POST", base + "/" + challenge + "/delete", "", HTMX).status()).isEqualTo(403);
        assertThat(writer.get("/v1/projects/" + project + "/challenges/" + challenge).status()).isEqualTo(200);
        assertThat(writer.get("/v1/projects/" + project + "/challenges").body()).doesNotContain("planted");
    }

    @Test
    void anotherTenantGetsNotFoundPagesWithNothingOfTheProject() {
        for (String path : List.of(base, base + "/new", base + "/" + challenge + "/edit")) {
            var page = stranger.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("404 Not found").doesNotContain("setup-secret");
        }
        for (String path : List.of(base, base + "/" + challenge)) {
            var refused = stranger.send("POST", path, valid("planted", "memoryMib", "lots"), FORM);
            assertThat(refused.status()).as(path).isEqualTo(404);
            assertThat(refused.body()).as(path).doesNotContain("setup-secret");
        }
        assertThat(stranger.send("POST", base + "/" + challenge + "/delete", "", HTMX).status()).isEqualTo(404);
        assertThat(writer.get("/v1/projects/" + project + "/challenges/" + challenge).status()).isEqualTo(200);
    }

    @Test
    void aStrangerIsSentToSignInAndEveryChangeNeedsTheCsrfToken() {
        Api nobody = Api.at(port);
        var page = nobody.send("GET", base, null, PAGE);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/console/login");
        assertThat(nobody.send("POST", base, valid("planted", "cpus", "1"), FORM).header("HX-Redirect")).isEqualTo("/console/login");

        Map<String, String> forged = Map.of("Accept", "*/*", "HX-Request", "true", "X-XSRF-TOKEN", "forged",
                "Content-Type", "application/x-www-form-urlencoded");
        for (String path : List.of(base, base + "/" + challenge, base + "/" + challenge + "/delete")) {
            var refused = writer.send("POST", path, valid("forged", "cpus", "1"), forged);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("CSRF token missing or wrong");
        }
        assertThat(writer.get("/v1/projects/" + project + "/challenges/" + challenge).text("name")).isEqualTo("setup-secret-challenge");
        assertThat(writer.get("/v1/projects/" + project + "/challenges").body()).doesNotContain("forged");
    }

    /** A complete, valid form for a challenge with one field set to what the test needs. */
    private static String valid(String name, String field, String value) {
        return form("name", name, "image", "arena/busybox:1", "ports", "8080", "flagTemplate", "flag{x}", field, value);
    }

    private JsonNode byName(String name) {
        return writer.get("/v1/projects/" + project + "/challenges").json().path("items").valueStream()
                .filter(c -> c.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

}
