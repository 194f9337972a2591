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
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Chat-ops actions that reach the real container engine: container restart, stop, start, logs; a player's instance. */
@ArenaTest
@Tag("docker")
class CommandsOnEngineIntegrationTests {

    static final String HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");

    @LocalServerPort
    int port;

    @Autowired
    ChatCommands commands;

    DockerClient engine;
    Api admin;
    String project;

    @Autowired
    JdbcClient jdbc;
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
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.text("field")).isEqualTo("containerId");
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
}
