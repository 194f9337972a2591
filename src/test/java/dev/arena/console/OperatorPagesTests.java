package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.signIn;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.identity.Tenants;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operators' chat-ops pages over plain HTTP, as htmx speaks to them: managed containers on the real
 * engine (actions, logs, an engine failure as a problem), the scheduler and the runtime settings — with
 * readers refused, other tenants shown nothing, and CSRF required on every change.
 */
@ArenaTest
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorPagesTests {

    static final String HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");
    /** The operator address of the test profile. */
    static final String OPERATOR = "operator@arena.test";


    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    @Autowired
    JdbcClient jdbc;

    private DockerClient engine;
    private final List<String> created = new ArrayList<>();
    private Api admin;
    private Api reader;
    private Api manager;
    private Api stranger;
    private String project = "";
    private String challenge = "";
    private String base = "";

    @BeforeAll
    void setUp() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
        engine = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(URI.create(HOST)).build());
        admin = webUser(port, Api.email("ops-admin"));
        String org = admin.createOrg("Ops Secret Org");
        project = admin.createProject(org, "ops-secret-project");
        base = "/console/projects/" + project;
        challenge = admin.post("/v1/projects/" + project + "/challenges", Map.of("name", "ops-secret-challenge",
                "image", "arena/busybox:1", "ports", List.of(8080), "flagTemplate", "flag{ops}")).text("id");
        reader = webUser(port, Api.email("ops-reader"));
        Tenants.join(admin, org, reader, "member", mail);
        assertThat(admin.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(reader), Map.of("role", "reader")).status())
                .isEqualTo(200);
        manager = webUser(port, Api.email("ops-manager"));
        Tenants.join(admin, org, manager, "member", mail);
        assertThat(admin.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(manager), Map.of("role", "manager")).status())
                .isEqualTo(200);
        stranger = webUser(port, Api.email("ops-stranger"));
        stranger.createProject(stranger.createOrg("Strangers Org"), "strangers-project");
    }

    @AfterAll
    void tearDown() {
        created.forEach(id -> engine.removeContainerCmd(id).withForce(true).exec());
    }

    @Test
    void aManagerRestartsAContainerReadsItsLogsAndEveryActionIsAuditedFromTheConsole() {
        manage("web", List.of("start", "stop", "restart", "logs"));

        var page = admin.send("GET", base + "/containers", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"container-web\"", ">running<", "id=\"nav-containers\"", "id=\"nav-schedules\"");

        var restarted = admin.send("POST", base + "/containers/web/restart", "", HTMX);
        assertThat(restarted.status()).as(restarted.toString()).isEqualTo(200);
        assertThat(restarted.body()).contains("The container web was restarted.");
        assertThat(restarted.header("HX-Trigger")).isEqualTo("containers-changed");

        var logs = admin.send("POST", base + "/containers/web/logs", "", HTMX);
        assertThat(logs.body()).contains("<pre class=\"logs\">", "Last lines of web:", "booted-");

        assertThat(jdbc.sql("SELECT source || ' ' || action || ' ' || outcome FROM chatops_audit WHERE project_id = ? ORDER BY id")
                .param(Long.parseLong(project)).query(String.class).list())
                .containsSubsequence("console container restart ok", "console container logs ok");

        var log = admin.send("GET", base + "/audit", null, PAGE);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).contains("id=\"nav-audit\"", "class=\"source\">console<", "user:" + Tenants.userId(admin),
                "The container web was restarted.");
        assertThat(log.body().indexOf("container logs")).as("newest first").isLessThan(log.body().indexOf("container restart"));
    }

    @Test
    void theAuditLogPagesNewestFirstWithMore() {
        String other = admin.createProject(admin.createOrg("Ops Log Org"), "ops-log-project");
        for (int i = 1; i <= 55; i++) {
            jdbc.sql("INSERT INTO chatops_audit (id, at, project_id, user_id, source, actor, action, target, outcome, detail) "
                            + "VALUES (?, CURRENT_TIMESTAMP, ?, NULL, ?, ?, 'container restart', ?, 'ok', 'done')")
                    .params(1000 + i, Long.parseLong(other), i % 2 == 0 ? "discord" : "schedule", "discord:" + i, "db-" + i).update();
        }

        var first = admin.send("GET", "/console/projects/" + other + "/audit", null, PAGE);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains(" db-55<", "class=\"source\">discord<", "class=\"source\">schedule<", "id=\"more\"",
                "class=\"log\">identity<", "ProjectCreated");
        assertThat(first.body().indexOf("ProjectCreated")).as("the identity log's real ids are newer").isLessThan(first.body().indexOf(" db-55<"));
        assertThat(first.body().indexOf(" db-55<")).isLessThan(first.body().indexOf(" db-54<"));
        assertThat(first.body().split("<tr id=\"entry-")).as("50 a page").hasSize(51);
        String more = first.body().replaceAll("(?s).*id=\"more\" href=\"\\?cursor=(\\d+)\".*", "$1");
        assertThat(first.body()).as("the cursor is the last entry shown").contains("id=\"entry-" + more + "\"");

        var second = admin.send("GET", "/console/projects/" + other + "/audit?cursor=" + more, null, PAGE);
        assertThat(second.body()).contains(" db-1<").doesNotContain(" db-55<", "id=\"more\"", "entry-" + more + "\"");
        for (int i = 1; i <= 55; i++) {
            boolean onFirst = first.body().contains(" db-" + i + "<");
            assertThat(onFirst ^ second.body().contains(" db-" + i + "<")).as("db-" + i + " on exactly one page").isTrue();
        }
    }

    @Test
    void theAuditLogIsForManagersOfTheProjectOnly() {
        manage("logged-db", List.of("restart"));
        admin.send("POST", base + "/containers/logged-db/restart", "", HTMX);

        var forReader = reader.send("GET", base + "/audit", null, PAGE);
        assertThat(forReader.status()).isEqualTo(403);
        assertThat(forReader.body()).doesNotContain("logged-db");
        assertThat(reader.send("GET", base, null, PAGE).body()).doesNotContain("nav-audit");
        var forStranger = stranger.send("GET", base + "/audit", null, PAGE);
        assertThat(forStranger.status()).isEqualTo(404);
        assertThat(forStranger.body()).doesNotContain("logged-db", "ops-secret-project");
    }

    @Test
    void anAdminChoosesWhichContainersAreManagedAndWhatEachAllows() {
        String id = run("console-db", project);

        var managed = admin.send("POST", base + "/containers", form("name", "console-db", "containerId", id, "actions", "restart",
                "actions", "logs"), aimedAt("manage-problem"));
        assertThat(managed.header("HX-Refresh")).as(managed.toString()).isEqualTo("true");
        assertThat(allowed("console-db")).containsExactly("restart", "logs");
        var page = admin.send("GET", base + "/containers", null, PAGE);
        assertThat(page.body()).contains("id=\"container-console-db\"", "id=\"manage-container\"", "class=\"allow-form\"",
                "id=\"container-console-db-problem\"");
        assertThat(admin.send("POST", base + "/containers/console-db/logs", "", HTMX).body()).contains("booted-");

        var changed = admin.send("POST", base + "/containers", form("name", "console-db", "containerId", id, "actions", "stop"),
                aimedAt("container-console-db-problem"));
        assertThat(changed.header("HX-Refresh")).isEqualTo("true");
        assertThat(allowed("console-db")).containsExactly("stop");

        var released = admin.send("POST", base + "/containers/console-db/delete", "", HTMX);
        assertThat(released.header("HX-Refresh")).isEqualTo("true");
        assertThat(managedNames()).doesNotContain("console-db");
        assertThat(engine.inspectContainerCmd(id).exec().getState().getRunning()).as("the container is left running").isTrue();
        assertThat(admin.send("POST", base + "/containers/console-db/delete", "", HTMX).status()).isEqualTo(404);
    }

    @Test
    void aContainerThatIsNotTheProjectsOrABadNameIsRefusedInTheFormsBox() {
        String elsewhere = run("elsewhere-db", admin.createProject(admin.createOrg("Ops Other Org"), "ops-other-project"));

        var notOurs = admin.send("POST", base + "/containers", form("name", "stolen", "containerId", elsewhere, "actions", "restart"),
                aimedAt("manage-problem"));
        assertThat(notOurs.status()).isEqualTo(422);
        assertThat(notOurs.header("HX-Retarget")).isEqualTo("#manage-problem");
        assertThat(notOurs.body()).contains("data-field=\"containerId\"", "no container Arena runs for this project by that id");

        var unknown = admin.send("POST", base + "/containers", form("name", "ghost", "containerId", "no-such-container"),
                aimedAt("manage-problem"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).as("the same answer, so the form tells nothing of the host's other containers")
                .isEqualTo(notOurs.body());

        var badName = admin.send("POST", base + "/containers", form("name", "Bad Name", "containerId", run("bad-name", project)),
                aimedAt("manage-problem"));
        assertThat(badName.status()).isEqualTo(422);
        assertThat(badName.body()).contains("data-field=\"name\"");
        assertThat(admin.send("POST", base + "/containers", form("name", "odd-action", "containerId", elsewhere, "actions", "delete"),
                aimedAt("manage-problem")).body()).contains("data-field=\"actions\"");
        assertThat(managedNames()).doesNotContain("stolen", "ghost", "Bad Name", "odd-action");
    }

    @Test
    void aManagerActsOnContainersButOnlyAdminsChooseThem() {
        String id = manage("admins-only", List.of("restart"));

        var page = manager.send("GET", base + "/containers", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"container-admins-only\"").doesNotContain("id=\"manage-container\"", "class=\"allow-form\"");
        var refused = manager.send("POST", base + "/containers", form("name", "admins-only", "containerId", id, "actions", "stop"),
                aimedAt("manage-problem"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#manage-problem");
        assertThat(manager.send("POST", base + "/containers/admins-only/delete", "", HTMX).status()).isEqualTo(403);
        assertThat(reader.send("POST", base + "/containers", form("name", "planted", "containerId", id), HTMX).status()).isEqualTo(403);
        assertThat(allowed("admins-only")).containsExactly("restart");
    }

    @Test
    void anActionTheAllowListLacksIsRefusedAsAProblemInTheAlertBox() {
        manage("cache", List.of("logs"));

        var refused = admin.send("POST", base + "/containers/cache/stop", "", HTMX);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(refused.body()).contains("403 Not allowed", "does not allow stop");
    }

    @Test
    void anEngineFailureIsAReadableProblemNeverA500() {
        String id = manage("gone", List.of("restart", "logs"));
        engine.removeContainerCmd(id).withForce(true).exec();
        created.remove(id);

        assertThat(admin.send("GET", base + "/containers", null, PAGE).body()).contains("id=\"container-gone\"", ">gone<");
        var failed = admin.send("POST", base + "/containers/gone/restart", "", HTMX);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Content-Type")).startsWith("text/html");
        assertThat(failed.body()).contains("503 Engine unavailable", "did not do it (not_found)");
    }

    @Test
    void aReaderGetsForbiddenContainerPagesAndTheirAttemptIsAudited() {
        manage("db", List.of("restart"));

        var list = reader.send("GET", base + "/containers", null, PAGE);
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body()).contains("403").doesNotContain("container-db");
        assertThat(reader.send("GET", base, null, PAGE).body()).doesNotContain("nav-containers", "nav-schedules", "nav-settings");

        var restart = reader.send("POST", base + "/containers/db/restart", "", HTMX);
        assertThat(restart.status()).isEqualTo(403);
        assertThat(restart.body()).contains("Containers are for the project&#39;s managers.");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM chatops_audit WHERE project_id = ? AND source = 'console' AND outcome = 'denied'")
                .param(Long.parseLong(project)).query(Long.class).single()).isPositive();
    }

    @Test
    void anotherTenantSeesNoneOfTheProjectsContainersOrSchedules() {
        manage("secret-db", List.of("restart"));
        admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "ops-secret-schedule", "cron", "0 0 3 * * *",
                "action", "close", "challengeId", challenge));

        for (String path : List.of(base + "/containers", base + "/schedules")) {
            var page = stranger.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).doesNotContain("secret-db", "ops-secret-schedule", "ops-secret-project");
        }
        var restart = stranger.send("POST", base + "/containers/secret-db/restart", "", HTMX);
        assertThat(restart.status()).isEqualTo(404);
        assertThat(restart.body()).doesNotContain("secret-db");
        String strangersOwn = run("strangers-db", stranger.createProject(stranger.createOrg("Strangers Second Org"), "strangers-second"));
        assertThat(stranger.send("POST", base + "/containers", form("name", "planted", "containerId", strangersOwn, "actions", "restart"),
                HTMX).status()).isEqualTo(404);
        assertThat(stranger.send("POST", base + "/containers/secret-db/delete", "", HTMX).status()).isEqualTo(404);
        assertThat(managedNames()).contains("secret-db").doesNotContain("planted");
        assertThat(stranger.send("POST", base + "/schedules", form("name", "planted", "cron", "0 0 3 * * *", "action", "close",
                "target", "challenge:" + challenge), HTMX).status()).isEqualTo(404);
    }

    @Test
    void anAdminCreatesDisablesAndDeletesASchedule() {
        var createdSchedule = admin.send("POST", base + "/schedules", form("name", "nightly-close", "cron", "0 30 2 * * *",
                "zone", "Europe/Paris", "action", "close", "target", "challenge:" + challenge, "missed", "skip-and-report"), HTMX);
        assertThat(createdSchedule.header("HX-Refresh")).as(createdSchedule.toString()).isEqualTo("true");
        String id = admin.get("/v1/projects/" + project + "/schedules").json().path("items").valueStream()
                .filter(s -> s.path("name").asString().equals("nightly-close")).findFirst().orElseThrow().path("id").asString();

        var page = admin.send("GET", base + "/schedules", null, PAGE);
        assertThat(page.body()).contains("nightly-close", "0 30 2 * * *", "Europe/Paris", "ops-secret-challenge", "skip-and-report",
                "never", "id=\"new-schedule\"");
        assertThat(page.body()).containsPattern("class=\"next-run\">\\d{4}-\\d\\d-\\d\\dT01:30:00Z<");

        var badCron = admin.send("POST", base + "/schedules", form("name", "broken", "cron", "every night", "action", "close",
                "target", "challenge:" + challenge), HTMX);
        assertThat(badCron.status()).isEqualTo(422);
        assertThat(badCron.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(badCron.body()).contains("cron");

        assertThat(admin.send("POST", base + "/schedules/" + id + "/enabled", "enabled=false", HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(admin.get("/v1/projects/" + project + "/schedules/" + id).json().path("enabled").asBoolean()).isFalse();
        assertThat(admin.send("GET", base + "/schedules", null, PAGE).body()).contains("class=\"next-run\">disabled<", ">Enable<");

        assertThat(admin.send("POST", base + "/schedules/" + id + "/delete", "", HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(admin.get("/v1/projects/" + project + "/schedules/" + id).status()).isEqualTo(404);
    }

    @Test
    void anAdminChangesWhenAScheduleRunsAndABadCronIsShownInTheRow() {
        String id = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "retimed", "cron", "0 0 3 * * *",
                "action", "close", "challengeId", challenge)).text("id");
        String timing = base + "/schedules/" + id + "/timing";
        assertThat(admin.send("GET", base + "/schedules", null, PAGE).body()).contains("class=\"retime-cron\"");

        var retimed = admin.send("POST", timing, form("cron", "0 15 5 * * *", "zone", "Asia/Tokyo"), HTMX);

        assertThat(retimed.header("HX-Refresh")).as(retimed.toString()).isEqualTo("true");
        var schedule = admin.get("/v1/projects/" + project + "/schedules/" + id).json();
        assertThat(schedule.path("cron").asString()).isEqualTo("0 15 5 * * *");
        assertThat(schedule.path("zone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(admin.send("GET", base + "/schedules", null, PAGE).body())
                .containsPattern("id=\"schedule-" + id + "\"(?s).*?class=\"next-run\">\\d{4}-\\d\\d-\\d\\dT20:15:00Z<");

        assertThat(admin.send("POST", timing, form("cron", "0 0 6 * * *", "zone", ""), HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(admin.get("/v1/projects/" + project + "/schedules/" + id).json().path("zone").asString()).as("blank: kept")
                .isEqualTo("Asia/Tokyo");

        Map<String, String> rowForm = new java.util.HashMap<>(HTMX);
        rowForm.put("HX-Target", "schedule-" + id + "-problem");
        var badCron = admin.send("POST", timing, form("cron", "every morning"), rowForm);
        assertThat(badCron.status()).isEqualTo(422);
        assertThat(badCron.header("HX-Retarget")).isEqualTo("#schedule-" + id + "-problem");
        assertThat(badCron.body()).contains("data-field=\"cron\"");
        assertThat(admin.get("/v1/projects/" + project + "/schedules/" + id).json().path("cron").asString()).isEqualTo("0 0 6 * * *");

        assertThat(reader.send("POST", timing, form("cron", "0 0 1 * * *"), HTMX).status()).isEqualTo(403);
        assertThat(reader.send("GET", base + "/schedules", null, PAGE).body()).doesNotContain("class=\"retime-cron\"");
    }

    @Test
    void aScheduleSkippedAfterDowntimeShowsItsLastRunAndOutcome() {
        String id = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "hourly-open", "cron", "0 0 * * * *",
                "action", "open", "challengeId", challenge, "missed", "skip-and-report")).text("id");
        jdbc.sql("UPDATE chatops_schedules SET last_run_at = CURRENT_TIMESTAMP, last_outcome = 'skipped', "
                + "last_detail = 'skipped 3 run(s) missed while Arena was down' WHERE id = ?").param(Long.parseLong(id)).update();

        var page = admin.send("GET", base + "/schedules", null, PAGE);

        assertThat(page.body()).contains("hourly-open", "status skipped", "skipped 3 run(s) missed while Arena was down");
    }

    @Test
    void aManagerEntersADonationThePlayersSeeTheMechGrowAndABadAmountIsAProblem() {
        var donated = admin.send("POST", base + "/mech/donations", form("amount", "30", "donor", "console-donor"), HTMX);
        assertThat(donated.header("HX-Refresh")).as(donated.toString()).isEqualTo("true");
        assertThat(admin.get("/v1/projects/" + project + "/mech").json().path("totalDonated").asDouble()).isGreaterThanOrEqualTo(30);

        var page = reader.send("GET", base + "/mech", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"mech-level\"", "id=\"mech-power\"", "id=\"nav-mech\"")
                .containsPattern("id=\"mech-total\">\\d+\\.\\d\\d<").doesNotContain("id=\"donate\"");
        assertThat(admin.send("GET", base + "/mech", null, PAGE).body()).contains("id=\"donate\"");

        var negative = admin.send("POST", base + "/mech/donations", form("amount", "-5"), HTMX);
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(negative.body()).contains("amount");
        assertThat(admin.send("POST", base + "/mech/donations", form("amount", "lots"), HTMX).status()).isEqualTo(400);
        assertThat(admin.send("POST", base + "/mech/donations", form("donor", "no amount"), HTMX).status()).isEqualTo(422);
        assertThat(reader.send("POST", base + "/mech/donations", form("amount", "5"), HTMX).status()).isEqualTo(403);
        assertThat(stranger.send("GET", base + "/mech", null, PAGE).status()).isEqualTo(404);
    }

    @Test
    void aReaderSeesTheSchedulesButChangesNone() {
        String id = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "reader-visible", "cron", "0 0 4 * * *",
                "action", "close", "challengeId", challenge)).text("id");

        var page = reader.send("GET", base + "/schedules", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("reader-visible").doesNotContain("id=\"new-schedule\"", "class=\"contrast delete\"");
        assertThat(reader.send("POST", base + "/schedules/" + id + "/delete", "", HTMX).status()).isEqualTo(403);
        assertThat(reader.send("POST", base + "/schedules/" + id + "/enabled", "enabled=false", HTMX).status()).isEqualTo(403);
    }

    @Test
    void anOperatorSetsReplacesAndClearsASettingWhoseValueIsNeverShown() {
        Api operator = operator();
        assertThat(operator.send("GET", "/console", null, PAGE).body()).contains("id=\"nav-settings\"");

        var set = operator.send("POST", "/console/settings", form("name", "console.test-key", "value", "first-secret-value"), HTMX);
        assertThat(set.header("HX-Refresh")).as(set.toString()).isEqualTo("true");
        operator.send("POST", "/console/settings", form("name", "console.test-key", "value", "second-secret-value"), HTMX);

        var page = operator.send("GET", "/console/settings", null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("console.test-key", "set · ••••••••", "user " + Tenants.userId(operator))
                .doesNotContain("first-secret-value", "second-secret-value");
        assertThat(operator.send("POST", "/console/settings", form("name", "Bad Name!", "value", "x"), HTMX).status()).isEqualTo(422);

        assertThat(operator.send("POST", "/console/settings/console.test-key/clear", "", HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(operator.send("GET", "/console/settings", null, PAGE).body()).doesNotContain("console.test-key");
        assertThat(operator.send("POST", "/console/settings/console.test-key/clear", "", HTMX).status()).isEqualTo(404);
    }

    @Test
    void onlyOperatorsSeeTheSettings() {
        Api operator = operator();
        operator.send("POST", "/console/settings", form("name", "console.kept-key", "value", "kept"), HTMX);
        for (Api notOperator : List.of(admin, reader)) {
            var page = notOperator.send("GET", "/console/settings", null, PAGE);
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("403");
            assertThat(notOperator.send("POST", "/console/settings", form("name", "discord.token", "value", "planted"), HTMX).status())
                    .isEqualTo(403);
            assertThat(notOperator.send("POST", "/console/settings/console.kept-key/clear", "", HTMX).status()).isEqualTo(403);
            assertThat(notOperator.send("GET", "/console", null, PAGE).body()).doesNotContain("nav-settings");
        }
        assertThat(operator.send("GET", "/console/settings", null, PAGE).body()).as("still set").contains("console.kept-key");
        operator.send("POST", "/console/settings/console.kept-key/clear", "", HTMX);
    }

    @Test
    void everyChangeNeedsTheCsrfToken() {
        manage("csrf-db", List.of("restart"));
        Map<String, String> forged = Map.of("Accept", "*/*", "HX-Request", "true", "X-XSRF-TOKEN", "forged",
                "Content-Type", "application/x-www-form-urlencoded");
        String schedule = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "csrf-schedule", "cron", "0 0 3 * * *",
                "action", "close", "challengeId", challenge)).text("id");
        long audited = jdbc.sql("SELECT COUNT(*) FROM chatops_audit WHERE project_id = ?").param(Long.parseLong(project)).query(Long.class).single();
        for (String path : List.of(base + "/containers/csrf-db/restart", base + "/schedules", base + "/schedules/" + schedule + "/timing",
                "/console/settings", base + "/containers", base + "/containers/csrf-db/delete")) {
            var refused = admin.send("POST", path, "name=x", forged);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("CSRF token missing or wrong");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM chatops_audit WHERE project_id = ?").param(Long.parseLong(project)).query(Long.class).single())
                .as("nothing done, nothing audited").isEqualTo(audited);
    }

    @Test
    void configurationChangesAreAuditedWithWhoAndFromWhere() {
        String other = admin.createProject(admin.createOrg("Audited Config Org"), "audited-config");
        String v1 = "/v1/projects/" + other;
        String page = "/console/projects/" + other;
        String challengeId = admin.post(v1 + "/challenges", Map.of("name", "audited-challenge", "image", "arena/busybox:1",
                "ports", List.of(8080), "flagTemplate", "flag{a}")).text("id");
        String id = run("audited-db", other);

        admin.send("POST", page + "/containers", form("name", "audited-db", "containerId", id, "actions", "restart"), aimedAt("manage-problem"));
        assertThat(admin.delete(v1 + "/containers/audited-db").status()).isEqualTo(204);
        admin.send("POST", page + "/discord", form("kind", "role", "discordId", "4243", "role", "writer"), HTMX);
        assertThat(admin.delete(v1 + "/discord-roles/role/4243").status()).isEqualTo(204);
        String schedule = admin.post(v1 + "/schedules", Map.of("name", "nightly-close", "cron", "0 0 3 * * *", "action", "close",
                "challengeId", challengeId)).text("id");
        assertThat(admin.patch(v1 + "/schedules/" + schedule, Map.of("enabled", false)).status()).isEqualTo(200);
        admin.send("POST", page + "/schedules/" + schedule + "/delete", "", HTMX);
        admin.send("POST", page + "/mech/donations", form("amount", "5", "donor", "ada"), HTMX);
        assertThat(admin.post(v1 + "/mech/donations", Map.of("amount", 3, "donor", "bob")).status()).isEqualTo(201);
        String token = admin.put(v1 + "/mech/webhook-token", Map.of()).text("token");
        Map<String, Object> kofi = Map.of("verification_token", token, "amount", "2", "from_name", "cy", "kofi_transaction_id", "t-1");
        admin.post(v1 + "/mech/donations/webhook", kofi);
        admin.post(v1 + "/mech/donations/webhook", kofi);

        String me = "user:" + Tenants.userId(admin);
        assertThat(jdbc.sql("SELECT source || ' ' || actor || ' ' || action || ' ' || target || ' ' || outcome FROM chatops_audit "
                        + "WHERE project_id = ? ORDER BY id").param(Long.parseLong(other)).query(String.class).list())
                .containsExactly(
                        "console " + me + " container manage audited-db ok",
                        "api " + me + " container release audited-db ok",
                        "console " + me + " discord map role 4243 ok",
                        "api " + me + " discord unmap role 4243 ok",
                        "api " + me + " schedule create nightly-close ok",
                        "api " + me + " schedule change nightly-close ok",
                        "console " + me + " schedule delete nightly-close ok",
                        "console " + me + " donation ada ok",
                        "api " + me + " donation bob ok",
                        "api " + me + " mech webhook-token mech ok",
                        "webhook webhook donation cy ok",
                        "webhook webhook donation cy skipped");
        assertThat(jdbc.sql("SELECT detail FROM chatops_audit WHERE project_id = ?").param(Long.parseLong(other)).query(String.class).list())
                .as("the token is never recorded").noneMatch(d -> d.contains(token));

        var audit = admin.send("GET", page + "/audit", null, PAGE);
        assertThat(audit.body()).contains("schedule delete nightly-close", "close " + challengeId + " at &#39;0 0 3 * * *&#39; UTC, disabled",
                "container manage audited-db", "allowed [restart]", "class=\"source\">webhook<", "class=\"source\">api<");
    }

    @Test
    void settingChangesAreAuditedWithoutTheirValues() {
        Api operator = operator();
        operator.send("POST", "/console/settings", form("name", "audited.key", "value", "audited-secret-value"), HTMX);
        operator.send("POST", "/console/settings/audited.key/clear", "", HTMX);

        assertThat(jdbc.sql("SELECT source || ' ' || actor || ' ' || action || ' ' || detail FROM chatops_audit "
                        + "WHERE project_id IS NULL AND target = 'audited.key' ORDER BY id").query(String.class).list())
                .containsExactly("console user:" + Tenants.userId(operator) + " setting set a new value, sealed (never recorded)",
                        "console user:" + Tenants.userId(operator) + " setting clear removed");
    }

    /** Lets the project manage a container of its own under a name, over the HTTP API. */
    private String manage(String name, List<String> actions) {
        String id = run(name, project);
        var put = admin.put("/v1/projects/" + project + "/containers/" + name, Map.of("containerId", id, "actions", actions));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return id;
    }

    /**
     * Runs a busybox container labelled for a project (without a network: it needs none). It ends on SIGTERM,
     * so a restart does not wait out the stop grace.
     */
    private String run(String name, String projectId) {
        String id = engine.createContainerCmd("arena/busybox:1").withCmd("sh", "-c", "echo booted-$$; trap 'exit 0' TERM; while true; do sleep 1; done")
                .withLabels(new ArenaLabels("service", name, projectId, "ops").asMap())
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        created.add(id);
        engine.startContainerCmd(id).exec();
        return id;
    }

    /** The names of the project's managed containers, as the API lists them. */
    private List<String> managedNames() {
        return admin.get("/v1/projects/" + project + "/containers").json().path("items").valueStream()
                .map(c -> c.path("name").asString()).toList();
    }

    /** The actions a managed container allows, as the API lists them. */
    private List<String> allowed(String name) {
        return admin.get("/v1/projects/" + project + "/containers").json().path("items").valueStream()
                .filter(c -> c.path("name").asString().equals(name)).findFirst().orElseThrow()
                .path("actions").valueStream().map(tools.jackson.databind.JsonNode::asString).toList();
    }

    /** What htmx sends for a form that aims its request at a problem box of its own. */
    private static Map<String, String> aimedAt(String box) {
        Map<String, String> headers = new java.util.HashMap<>(HTMX);
        headers.put("HX-Target", box);
        return headers;
    }

    /** Arena's operator of the test profile, signed in through the console (the address is marked verified). */
    private Api operator() {
        Api.at(port).post("/v1/auth/register", Map.of("email", OPERATOR, "password", Api.PASSWORD, "displayName", "Operator"));
        jdbc.sql("UPDATE users SET email_verified = TRUE WHERE email = ?").param(OPERATOR).update();
        return signIn(port, OPERATOR);
    }


}
