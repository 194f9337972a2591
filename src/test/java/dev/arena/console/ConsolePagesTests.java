package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
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

/**
 * The console over plain HTTP, as a browser and htmx speak to it: signing in, pages behind the session,
 * redirects for strangers, problem pages, CSRF, and never another tenant's data.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesTests {


    @LocalServerPort
    int port;

    private Api alice;
    @Autowired
    RecordedMail mail;

    @Autowired
    ChatCommands commands;

    private String org = "";
    private String project = "";
    private String challenge = "";

    @BeforeAll
    void setUp() {
        alice = Api.signedIn(port, "alice");
        org = alice.createOrg("Alices Secret Org");
        project = alice.createProject(org, "alices-secret-project");
        challenge = alice.post("/v1/projects/" + project + "/challenges", Map.of("name", "alices-secret-challenge",
                "image", "arena/busybox:1", "ports", List.of(8080), "flagTemplate", "flag{alice}")).text("id");
    }

    @Test
    void aStrangerIsSentToTheSignInPage() {
        Api stranger = Api.at(port);
        for (String path : List.of("/console", "/console/projects/" + project, "/console/projects/" + project + "/instances",
                "/console/projects/" + project + "/challenges/" + challenge + "/card")) {
            var response = stranger.send("GET", path, null, PAGE);
            assertThat(response.status()).as(path).isEqualTo(302);
            assertThat(response.header("Location")).as(path).endsWith("/console/login");
        }
        var htmx = stranger.send("POST", "/console/projects/" + project + "/challenges/" + challenge + "/start", "", HTMX);
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.header("HX-Redirect")).isEqualTo("/console/login");

        var login = stranger.send("GET", "/console/login", null, PAGE);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("Sign in to Arena", "htmx.min.js", "pico.min.css");
    }

    @Test
    void theAssetsComeFromWebJarsWithoutSigningIn() {
        Api stranger = Api.at(port);
        assertThat(stranger.send("GET", "/webjars/htmx.org/dist/htmx.min.js", null, PAGE).status()).isEqualTo(200);
        assertThat(stranger.send("GET", "/webjars/picocss__pico/css/pico.min.css", null, PAGE).status()).isEqualTo(200);
        assertThat(stranger.send("GET", "/console/assets/console.js", null, PAGE).body()).contains("X-XSRF-TOKEN");
    }

    @Test
    void signingInOpensTheSameWebSessionAsTheApi() {
        Api browser = Api.at(port);
        String email = Api.email("dora");
        browser.post("/v1/auth/register", Map.of("email", email, "password", Api.PASSWORD, "displayName", "Dora"));

        var wrong = browser.send("POST", "/console/login", form("email", email, "password", "not the password"), HTMX);
        assertThat(wrong.body()).contains("Wrong email or password");
        assertThat(browser.cookie("arena_session")).isNull();

        var signedIn = browser.send("POST", "/console/login", form("email", email, "password", Api.PASSWORD), HTMX);
        assertThat(signedIn.header("HX-Redirect")).isEqualTo("/console");
        assertThat(browser.cookie("arena_session")).isNotNull();
        assertThat(browser.get("/v1/users/me").text("email")).isEqualTo(email);
        var sessions = browser.get("/v1/users/me/sessions").json().path("items");
        assertThat(sessions.get(0).path("client").asString()).isEqualTo("web");

        var home = browser.send("GET", "/console", null, PAGE);
        assertThat(home.body()).contains("You belong to no organisation yet")
                .contains("name=\"csrf\" content=\"" + browser.cookie("XSRF-TOKEN") + "\"");

        var out = browser.send("POST", "/console/logout", "", HTMX);
        assertThat(out.header("HX-Redirect")).isEqualTo("/console/login");
        assertThat(browser.cookie("arena_session")).isNull();
        assertThat(browser.send("GET", "/console", null, PAGE).status()).isEqualTo(302);
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedWithAProblemPage() {
        Api browser = webUser(port, Api.email("mallory-victim"));
        var refused = browser.send("POST", "/console/logout", "",
                Map.of("Accept", "text/html", "X-XSRF-TOKEN", "forged"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body()).contains("CSRF token missing or wrong");
        assertThat(browser.send("GET", "/console", null, PAGE).status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aSecondUserSeesNeitherTheProjectNorItsPages() {
        Api bob = webUser(port, Api.email("bob"));
        String bobsOrg = bob.createOrg("Bobs Org");
        bob.createProject(bobsOrg, "bobs-project");

        var home = bob.send("GET", "/console", null, PAGE);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("bobs-project").doesNotContain("alices-secret-project", "Alices Secret Org");

        String base = "/console/projects/" + project;
        for (String path : List.of(base, base + "/instances", base + "/challenges/" + challenge + "/card", base + "/evaluations",
                base + "/threats")) {
            var page = bob.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("404 Not found")
                    .doesNotContain("alices-secret-project", "alices-secret-challenge", "flag{alice");
        }
        for (String action : List.of("/start", "/extend", "/stop", "/flag")) {
            var refused = bob.send("POST", base + "/challenges/" + challenge + action, "flag=flag%7Balice%7D", HTMX);
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.header("HX-Retarget")).as(action).isEqualTo("#flash");
            assertThat(refused.body()).as(action).contains("404 Not found").doesNotContain("alices-secret");
        }
    }

    @Test
    void aPlayerWhoIsNoOperatorGetsAForbiddenPageForTheInstanceList() {
        Api carol = webUser(port, Api.email("carol"));
        Tenants.join(alice, org, carol, "member", mail);
        var granted = alice.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(carol), Map.of("role", "reader"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);

        var challenges = carol.send("GET", "/console/projects/" + project, null, PAGE);
        assertThat(challenges.status()).isEqualTo(200);
        assertThat(challenges.body()).contains("alices-secret-challenge", "not started").doesNotContain("nav-instances");

        var instances = carol.send("GET", "/console/projects/" + project + "/instances", null, PAGE);
        assertThat(instances.status()).isEqualTo(403);
        assertThat(instances.body()).contains("403");
        assertThat(carol.send("GET", "/console/projects/" + project + "/audit", null, PAGE).status()).isEqualTo(403);
        assertThat(carol.send("GET", "/console/latency", null, PAGE).status()).as("operators only").isEqualTo(403);
        assertThat(carol.send("GET", "/console/queue", null, PAGE).status()).as("operators only").isEqualTo(403);
        assertThat(carol.send("GET", "/console/projects/" + project + "/evaluations", null, PAGE).body())
                .contains("id=\"submit-code\"", "You see the evaluations you submitted");
    }

    @Test
    void aPlayerGetsAOneTimeDiscordLinkCodeFromTheConsoleAndRedeemsItInDiscord() {
        Api player = webUser(port, Api.email("linking-player"));
        assertThat(player.send("GET", "/console", null, PAGE).body()).contains("id=\"discord-link\"");
        assertThat(player.send("GET", "/console/discord-link", null, PAGE).body()).contains("id=\"new-link-code\"");
        assertThat(Api.at(port).send("GET", "/console/discord-link", null, PAGE).status()).isEqualTo(302);
        var forged = player.send("POST", "/console/discord-link", "", Map.of("Accept", "text/html", "X-XSRF-TOKEN", "forged"));
        assertThat(forged.status()).as("CSRF").isEqualTo(403);

        String first = linkCode(player.send("POST", "/console/discord-link", "", HTMX).body());
        var shown = player.send("POST", "/console/discord-link", "", HTMX);
        String code = linkCode(shown.body());

        assertThat(shown.body()).contains("class=\"link-expires\"", "works once, until");
        assertThat(code).isNotEqualTo(first).hasSize(10);
        var discord = Caller.discord("930000000000007301", "930000000000007302", List.of());
        assertThat(commands.handle(discord, new Command.Link(first)).outcome()).as("replaced by the newer code").isEqualTo(Reply.Outcome.REFUSED);
        assertThat(commands.handle(discord, new Command.Link(code)).outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(commands.handle(discord, new Command.Link(code)).outcome()).as("once").isEqualTo(Reply.Outcome.REFUSED);
    }

    private static String linkCode(String fragment) {
        var command = java.util.regex.Pattern.compile("/arena link ([A-Z0-9]+)").matcher(fragment);
        assertThat(command.find()).as(fragment).isTrue();
        return command.group(1);
    }

    @Test
    void anOrgAdminReadsTheAuditLog() {
        var audit = alice.send("GET", "/console/projects/" + project + "/audit", null, PAGE);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains("OrgCreated", "ProjectCreated");
    }

    @Test
    void anOperatorSeesTheInstanceListAndAnUnknownFilterFallsBackToLive() {
        Api owner = Api.at(port);
        var page = alice.send("GET", "/console/projects/" + project + "/instances?status=nonsense", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("No instances.", "<option value=\"live\" selected=\"selected\">live</option>");
        assertThat(owner.send("GET", "/console/projects/" + project + "/instances", null, PAGE).status()).isEqualTo(302);
    }

    @Test
    void theThreatDashboardChartsIngestedEventsAndAdminsBlockAndLiftFromIt() throws InterruptedException {
        String events = """
                [{"kind":"connect","at":"%1$s","source":"203.0.113.66","session":"s1"},
                 {"kind":"login.failed","at":"%1$s","source":"203.0.113.66","session":"s1","username":"root","password":"a"},
                 {"kind":"login.failed","at":"%1$s","source":"203.0.113.66","session":"s1","username":"root","password":"b"},
                 {"kind":"command","at":"%1$s","source":"203.0.113.66","session":"s1","command":"uname -a"}]"""
                .formatted(java.time.Instant.now());
        assertThat(alice.post("/v1/projects/" + project + "/threats/events", events).status()).isEqualTo(202);
        String sessions = "/v1/projects/" + project + "/threats/sessions";
        for (int i = 0; i < 100 && alice.get(sessions).json().path("items").isEmpty(); i++) {
            Thread.sleep(100);
        }
        String session = alice.get(sessions).json().path("items").get(0).path("id").asString();
        Api owner = webUser(port, Api.email("alice-in-browser"));
        Tenants.join(alice, org, owner, "admin", mail);

        String page = "/console/projects/" + project + "/threats";
        var dashboard = owner.send("GET", page, null, PAGE);
        assertThat(dashboard.status()).as(dashboard.toString()).isEqualTo(200);
        assertThat(dashboard.body()).contains("4 events in the last hour", "203.0.113.66", "<rect", "No blocks.");
        var timeline = owner.send("GET", page + "/sessions/" + session, null, HTMX);
        assertThat(timeline.body()).contains("login.failed", "uname -a");

        var blocked = owner.send("POST", page + "/blocks", form("address", "198.51.100.77", "duration", "1h", "reason", "noisy"), HTMX);
        assertThat(blocked.header("HX-Refresh")).as(blocked.toString()).isEqualTo("true");
        var badDuration = owner.send("POST", page + "/blocks", form("address", "198.51.100.78", "duration", "soon"), HTMX);
        assertThat(badDuration.status()).isEqualTo(422);
        assertThat(badDuration.body()).contains("is not a duration");
        String blockId = alice.get("/v1/projects/" + project + "/threats/blocks").json().path("items").get(0).path("id").asString();
        assertThat(owner.send("GET", page, null, PAGE).body()).contains("<code>198.51.100.77</code>", "noisy", "active");

        assertThat(owner.send("POST", page + "/blocks/" + blockId + "/lift", "", HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(owner.send("GET", page, null, PAGE).body()).contains("lifted");
    }

}
