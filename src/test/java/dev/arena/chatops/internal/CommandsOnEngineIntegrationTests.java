package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.platform.Db;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Chat-ops actions that reach the real container engine: container restart, stop, start, logs; a player's instance;
 * and the same actions run by schedules — container start, stop and restart, and stopping all of a challenge's
 * instances — run by calling the scheduler with the current time, as its tick does.
 */
@ArenaTest
@Tag("docker")
class CommandsOnEngineIntegrationTests {

    static final String HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");

    @LocalServerPort
    int port;

    @Autowired
    ChatCommands commands;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcClient jdbc;

    DockerClient engine;
    Api admin;
    String project;
    String containerId;
    String channel;

    @BeforeEach
    void setUp() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
        engine = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(URI.create(HOST)).build());
        admin = Api.signedIn(port, "engine-admin");
        project = Fixtures.project(admin, "engine-ops");
        containerId = engine.createContainerCmd("arena/busybox:1").withCmd("sh", "-c", "echo booted-$$; exec sleep 600")
                .withLabels(new ArenaLabels("service", "db", project, "ops").asMap()).exec().getId();
        engine.startContainerCmd(containerId).exec();
        channel = Long.toString(System.nanoTime());
        admin.put("/v1/projects/" + project + "/discord-roles/channel/" + channel, Map.of("role", "admin"));
    }

    @AfterEach
    void tearDown() {
        engine.removeContainerCmd(containerId).withForce(true).exec();
    }

    @Test
    void aManagerRestartsStopsStartsAndReadsTheLogsOfAnAllowedContainer() {
        var put = admin.put("/v1/projects/" + project + "/containers/db", Map.of("containerId", containerId,
                "actions", List.of("start", "stop", "restart", "logs")));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Caller ops = Caller.console(Fixtures.userId(admin), Long.parseLong(project));

        assertThat(commands.handle(ops, new Command.Containers(Command.ContainerAction.RESTART, "db")).text()).contains("restarted");
        assertThat(commands.handle(ops, new Command.Containers(Command.ContainerAction.STOP, "db")).outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isFalse();
        assertThat(commands.handle(ops, new Command.Containers(Command.ContainerAction.START, "db")).outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isTrue();
        Reply logs = commands.handle(ops, new Command.Containers(Command.ContainerAction.LOGS, "db"));
        assertThat(logs.text()).contains("booted-");
        assertThat(logs.personal()).isTrue();
    }

    @Test
    void onlyAContainerArenaRunsForTheProjectCanBeManaged() {
        String other = engine.createContainerCmd("arena/busybox:1").withCmd("true").exec().getId();
        try {
            var refused = admin.put("/v1/projects/" + project + "/containers/foreign", Map.of("containerId", other, "actions", List.of("stop")));
            var unknown = admin.put("/v1/projects/" + project + "/containers/foreign", Map.of("containerId", "no-such-container",
                    "actions", List.of("stop")));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.text("field")).isEqualTo("containerId");
            assertThat(unknown.body()).as("a container the engine lacks answers as one Arena does not run for the project")
                    .isEqualTo(refused.body());
            assertThat(admin.get("/v1/projects/" + project + "/containers").json().path("items").toString()).doesNotContain("foreign");
        } finally {
            engine.removeContainerCmd(other).withForce(true).exec();
        }
    }

    @Test
    void aLinkedPlayerStartsExtendsAndStopsTheirInstanceFromDiscord() {
        Fixtures.challenge(admin, project, "web");
        String discordUser = Long.toString(System.nanoTime());
        String code = admin.post("/v1/users/me/discord-link", null).text("code");
        commands.handle(Caller.discord(discordUser, channel, List.of()), new Command.Link(code));
        Caller player = Caller.discord(discordUser, channel, List.of());

        Reply started = commands.handle(player, new Command.Instance(Command.InstanceAction.START, "web"));
        Reply again = commands.handle(player, new Command.Instance(Command.InstanceAction.START, "web"));
        Reply extended = commands.handle(player, new Command.Instance(Command.InstanceAction.EXTEND, "web"));
        Reply stopped = commands.handle(player, new Command.Instance(Command.InstanceAction.STOP, "web"));

        assertThat(started.outcome()).as(started.text()).isEqualTo(Reply.Outcome.OK);
        assertThat(started.fields()).extracting(Reply.Field::name).contains("Port 8080", "Expires");
        assertThat(started.buttons()).extracting(Reply.Button::actionId).containsExactly("instance extend web", "instance stop web");
        assertThat(again.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(extended.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(stopped.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(jdbc.sql("SELECT kind || ' ' || source FROM instance_audit WHERE project_id = ? ORDER BY id")
                .param(Long.parseLong(project)).query(String.class).list())
                .as("the instance log says they came from Discord").containsExactly("started discord", "extended discord", "stopped discord");
    }

    @Test
    void scheduledStopStartAndRestartActOnTheRealContainer() {
        admin.put("/v1/projects/" + project + "/containers/db", Map.of("containerId", containerId, "actions", List.of("start", "stop", "restart")));
        String bootedAt = engine.inspectContainerCmd(containerId).exec().getState().getStartedAt();

        long stop = containerSchedule("nightly stop", "stop");
        assertThat(runNow(stop)).isEqualTo("ok");
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isFalse();

        long start = containerSchedule("morning start", "start");
        assertThat(runNow(start)).isEqualTo("ok");
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isTrue();
        String startedAt = engine.inspectContainerCmd(containerId).exec().getState().getStartedAt();
        assertThat(startedAt).isNotEqualTo(bootedAt);

        long restart = containerSchedule("noon restart", "restart");
        assertThat(runNow(restart)).isEqualTo("ok");
        var state = engine.inspectContainerCmd(containerId).exec().getState();
        assertThat(state.getRunning()).isTrue();
        assertThat(state.getStartedAt()).as("restarted, so started again").isNotEqualTo(startedAt);
        assertThat(jdbc.sql("SELECT outcome FROM chatops_audit WHERE project_id = ? AND source = 'schedule'").param(Long.parseLong(project))
                .query(String.class).list()).containsExactly("ok", "ok", "ok");
    }

    @Test
    void aScheduledActionTheContainerDoesNotAllowFailsAndLeavesItRunning() {
        admin.put("/v1/projects/" + project + "/containers/db", Map.of("containerId", containerId, "actions", List.of("restart")));
        long stop = containerSchedule("forbidden stop", "stop");

        assertThat(runNow(stop)).isEqualTo("failed");
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isTrue();
    }

    @Test
    void aScheduledStopAllInstancesStopsEveryLiveInstanceOfTheChallenge() {
        String challenge = Fixtures.challenge(admin, project, "web");
        var started = admin.post("/v1/projects/" + project + "/challenges/" + challenge + "/instance", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(liveInstances()).isEqualTo(1);
        assertThat(instanceContainers()).isEqualTo(1);
        var created = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "end of round", "cron", "0 0 * * * *",
                "action", "stop-all-instances", "challengeId", challenge));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        assertThat(runNow(Long.parseLong(created.text("id")))).isEqualTo("ok");

        assertThat(liveInstances()).isZero();
        assertThat(instanceContainers()).as("their containers are gone from the engine").isZero();
        assertThat(jdbc.sql("SELECT last_detail FROM chatops_schedules WHERE id = ?").param(Long.parseLong(created.text("id")))
                .query(String.class).single()).isEqualTo("ran stop-all-instances " + challenge);
    }

    private long containerSchedule(String name, String action) {
        var created = admin.post("/v1/projects/" + project + "/schedules", Map.of("name", name, "cron", "0 0 3 * * *", "action", action,
                "container", "db"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return Long.parseLong(created.text("id"));
    }

    /** Makes only this schedule due and runs the scheduler now; returns the run's recorded outcome. */
    private String runNow(long scheduleId) {
        Instant now = Instant.now();
        jdbc.sql("UPDATE chatops_schedules SET enabled = FALSE WHERE id <> ?").param(scheduleId).update();
        jdbc.sql("UPDATE chatops_schedules SET next_run_at = ? WHERE id = ?").params(Db.ts(now.minusSeconds(5)), scheduleId).update();
        assertThat(scheduler.runDue(now)).isEqualTo(1);
        return jdbc.sql("SELECT last_outcome FROM chatops_schedules WHERE id = ?").param(scheduleId).query(String.class).single();
    }

    private int liveInstances() {
        return admin.get("/v1/projects/" + project + "/instances?live=true").json().path("items").size();
    }

    private int instanceContainers() {
        return (int) engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ArenaLabels.PROJECT, project)).exec().stream()
                .filter(c -> !c.getId().equals(containerId)).count();
    }
}
