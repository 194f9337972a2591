package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.webUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.Tenants;
import dev.arena.instances.ChallengeControl;
import dev.arena.instances.Origin;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A player's instance from the console's cards, as htmx speaks to them, on the real Docker engine: start,
 * extend (the countdown grows, an extension is used up, past the last one a problem) and stop, each recorded in
 * the instance audit log with where it came from, which the project's one audit view shows its managers.
 */
@ArenaTest
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlayerInstancePagesTests {

    private static final Pattern SECONDS_LEFT = Pattern.compile("data-left=\"(\\d+)\"");

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ChallengeControl challenges;

    private Api owner;
    private Api player;
    private String project = "";
    private String challenge = "";
    private String card = "";

    @BeforeAll
    void setUp() {
        owner = webUser(port, Api.email("instances-owner"));
        String org = owner.createOrg("Extending Org");
        project = owner.createProject(org, "extending");
        challenge = owner.post("/v1/projects/" + project + "/challenges", Map.of("name", "web-extend", "image", "arena/busybox:1",
                "command", List.of("httpd", "-f", "-p", "8080", "-h", "/www"), "ports", List.of(8080), "memoryMib", 32,
                "lifetimeSeconds", 600, "extensionSeconds", 300, "maxExtensions", 1, "flagTemplate", "flag{ext}",
                "flagFile", "/www/flag.txt")).text("id");
        player = webUser(port, Api.email("extending-player"));
        Tenants.join(owner, org, player, "member", mail);
        owner.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(player), Map.of("role", "reader"));
        card = "/console/projects/" + project + "/challenges/" + challenge;
    }

    @AfterAll
    void tearDown() {
        challenges.stopAllInstances(Long.parseLong(project), Long.parseLong(challenge), null, Origin.ARENA);
    }

    @Test
    void aPlayerStartsExtendsAndStopsFromTheConsoleAndTheAuditViewSaysFromWhere() {
        var started = player.send("POST", card + "/start", "", HTMX);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.body()).contains(">running<", "1 extension(s) left", "class=\"connection\"", "class=\"extend secondary\"");
        long before = secondsLeft(started.body());
        assertThat(before).isBetween(590L, 600L);

        var extended = player.send("POST", card + "/extend", "", HTMX);

        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(extended.body()).contains(">running<", "0 extension(s) left", "class=\"connection\"");
        assertThat(secondsLeft(extended.body())).as("five more minutes").isBetween(before + 290, before + 300);
        assertThat(extended.body()).as("no extension left").containsPattern("class=\"extend secondary\"[^>]*disabled=\"disabled\"");
        var api = player.get("/v1/projects/" + project + "/challenges/" + challenge + "/instance");
        assertThat(api.json().path("extensions").asInt()).isEqualTo(1);

        var refused = player.send("POST", card + "/extend", "", HTMX);
        assertThat(refused.status()).as("past the last extension").isEqualTo(409);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#flash");

        assertThat(player.delete("/v1/projects/" + project + "/challenges/" + challenge + "/instance").status()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT kind || ' ' || source FROM instance_audit WHERE project_id = ? ORDER BY id")
                .param(Long.parseLong(project)).query(String.class).list())
                .containsExactly("started console", "extended console", "stopped api");
        var audit = owner.send("GET", "/console/projects/" + project + "/audit", null, PAGE).body();
        String who = "user:" + Tenants.userId(player);
        assertThat(audit).contains("instance started", "instance extended", "instance stopped", who, "class=\"log\">instances<",
                "extension 1, expires");
        assertThat(audit.indexOf("instance stopped")).as("newest first").isLessThan(audit.indexOf("instance extended"));
        assertThat(player.send("GET", "/console/projects/" + project + "/audit", null, PAGE).status()).as("managers only").isEqualTo(403);
    }

    @Test
    void aScheduleThatStopsEveryInstanceIsAuditedAsTheSchedule() {
        String other = owner.createProject(owner.createOrg("Scheduled Stops Org"), "scheduled-stops");
        String closing = owner.post("/v1/projects/" + other + "/challenges", Map.of("name", "closing", "image", "arena/busybox:1",
                "command", List.of("sleep", "300"), "ports", List.of(8080), "memoryMib", 32, "flagTemplate", "flag{c}")).text("id");
        assertThat(owner.post("/v1/projects/" + other + "/challenges/" + closing + "/instance", null).status()).isEqualTo(201);

        int stopped = challenges.stopAllInstances(Long.parseLong(other), Long.parseLong(closing), null, Origin.SCHEDULE);

        assertThat(stopped).isEqualTo(1);
        assertThat(jdbc.sql("SELECT kind || ' ' || source || ' ' || COALESCE(CAST(actor_id AS VARCHAR(20)), 'nobody') FROM instance_audit "
                        + "WHERE project_id = ? ORDER BY id").param(Long.parseLong(other)).query(String.class).list())
                .containsExactly("started api " + Tenants.userId(owner), "stopped schedule nobody");
        assertThat(owner.send("GET", "/console/projects/" + other + "/audit", null, PAGE).body())
                .contains("instance stopped", "class=\"source\">schedule<", "<code>arena</code>");
    }

    private static long secondsLeft(String fragment) {
        Matcher left = SECONDS_LEFT.matcher(fragment);
        assertThat(left.find()).as(fragment).isTrue();
        return Long.parseLong(left.group(1));
    }
}
