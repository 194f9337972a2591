package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.fetch;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Challenges with a warm pool on the real engine: starts hand over a started container and write its flag
 * over the placeholder it was made with, on this host without an engine call.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstancePoolIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InstancesSettings settings;

    @Autowired
    Reconciler reconciler;

    @Autowired
    RecordedMail mail;

    @Autowired
    MeterRegistry meters;

    private final DockerClient engine = Players.engine();
    private Api alice;
    private Api bob;
    private String org = "";
    private String project = "";

    @BeforeAll
    void setUp() {
        alice = Api.signedIn(port, "alice");
        bob = Api.signedIn(port, "bob");
        org = alice.createOrg("Pool CTF");
        project = alice.createProject(org, "pool-ctf");
        String email = bob.get("/v1/users/me").text("email");
        alice.post("/v1/orgs/" + org + "/invitations", Map.of("email", email, "role", "member"));
        bob.post("/v1/invitations/accept", Map.of("token", mail.lastToken(email, "ari_").orElseThrow()));
        alice.put("/v1/projects/" + project + "/grants/user/" + bob.get("/v1/users/me").text("id"), Map.of("role", "reader"));
    }

    @AfterAll
    void cleanUp() {
        Players.cleanUp(engine, settings.deployment());
    }

    @Test
    void aPooledStartRunsAtOnceWithTheRecordedFlagInsideAndThePoolRefills() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("pooled-web", Map.of("warmPool", 2)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        List<String> warm = awaitIdle(challenge, 2);

        var started = alice.post(base + "/instance", null);

        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.text("status")).isEqualTo("running");
        String id = started.text("id");
        String containerId = recorded(id, "container_id");
        assertThat(warm).as("the instance runs in a container of the pool").contains(containerId);
        var container = engine.inspectContainerCmd(containerId).exec();
        assertThat(container.getName()).as("not renamed: the instance knows it by its id").startsWith("/arena-pool-");
        assertThat(container.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(container.getHostConfig().getCapDrop()).extracting(Enum::name).contains("ALL");
        int hostPort = started.json().path("ports").get(0).path("hostPort").asInt();
        assertThat(hostPort).isEqualTo(published(container));
        assertThat(fetch(hostPort, "/flag.txt").strip()).isEqualTo(recorded(id, "flag")).matches("flag\\{web_[0-9a-f]{24}}");
        assertThat(alice.post(base + "/flag", Map.of("flag", recorded(id, "flag"))).status()).isEqualTo(200);
        assertThat(meters.find("arena.runtime.calls").tag("operation", "replace_file").timer())
                .as("the flag was written on this host, never in the engine's queue").isNull();

        List<String> refilled = awaitIdle(challenge, 2);
        assertThat(refilled).as("refilled").doesNotContain(containerId);
        for (String waiting : refilled) {
            assertThat(fetch(published(engine.inspectContainerCmd(waiting).exec()), "/flag.txt"))
                    .as("a waiting container holds only the placeholder").isEmpty();
        }

        assertThat(alice.delete(base + "/instance").status()).isEqualTo(204);
        assertThat(engine.listContainersCmd().withShowAll(true).withIdFilter(List.of(containerId)).exec()).isEmpty();
    }

    @Test
    void twoConcurrentStartsNeverShareAContainer() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("pooled-race", Map.of("warmPool", 1)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        awaitIdle(challenge, 1);

        List<Future<Api.Response>> starts;
        try (var both = Executors.newVirtualThreadPerTaskExecutor()) {
            starts = both.invokeAll(List.<Callable<Api.Response>>of(() -> alice.post(base + "/instance", null),
                    () -> bob.post(base + "/instance", null)));
        }

        var ids = new HashSet<String>();
        for (var start : starts) {
            assertThat(start.get().status()).as(start.get().toString()).isEqualTo(201);
            ids.add(start.get().text("id"));
        }
        var containers = new HashSet<String>();
        var flags = new HashSet<String>();
        for (String id : ids) {
            containers.add(recorded(id, "container_id"));
            flags.add(recorded(id, "flag"));
            int hostPort = jdbcPort(id);
            assertThat(fetch(hostPort, "/flag.txt").strip()).as("each sees its own flag, never the other's").isEqualTo(recorded(id, "flag"));
        }
        assertThat(containers).as("one container each").hasSize(2);
        assertThat(flags).hasSize(2);
        alice.delete(base + "/instance");
        bob.delete(base + "/instance");
    }

    @Test
    void deletingOrChangingTheChallengeRemovesItsPooledContainers() {
        String challenge = createChallenge(alice, project, webChallenge("pooled-gone", Map.of("warmPool", 2)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        List<String> before = awaitIdle(challenge, 2);

        assertThat(alice.patch(base, Map.of("memoryMib", 48)).status()).isEqualTo(200);
        List<String> after = awaitIdle(challenge, 2);
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(engine.inspectContainerCmd(after.getFirst()).exec().getHostConfig().getMemory()).isEqualTo(48L << 20);
        assertThat(alice.patch(base, Map.of("warmPool", 0)).status()).isEqualTo(200);
        awaitNone(challenge);

        assertThat(alice.patch(base, Map.of("warmPool", 1)).status()).isEqualTo(200);
        awaitIdle(challenge, 1);
        assertThat(alice.delete(base).status()).isEqualTo(204);

        awaitNone(challenge);
    }

    @Test
    void reconciliationKeepsAnAssignedPooledContainerAndIdleOnesButRemovesThoseOfEndedInstances() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("pooled-reconcile", Map.of("warmPool", 1)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        awaitIdle(challenge, 1);
        String ended = bob.post(base + "/instance", null).text("id");
        String leftover = recorded(ended, "container_id");
        // Bob's instance ended but its container's removal failed (the engine was busy, Arena died...).
        jdbc.sql("UPDATE instances SET status = 'stopped', live_key = NULL, ended_at = CURRENT_TIMESTAMP WHERE id = ?")
                .param(Long.parseLong(ended)).update();
        awaitIdle(challenge, 1);
        String id = alice.post(base + "/instance", null).text("id");
        String containerId = recorded(id, "container_id");
        List<String> idle = awaitIdle(challenge, 1);

        var pass = reconciler.reconcile();

        assertThat(pass.orphansRemoved()).isEqualTo(1);
        assertThat(engine.listContainersCmd().withShowAll(true).withIdFilter(List.of(leftover)).exec()).isEmpty();
        assertThat(engine.inspectContainerCmd(containerId).exec().getState().getRunning()).isTrue();
        assertThat(engine.inspectContainerCmd(idle.getFirst()).exec().getState().getRunning()).isTrue();
        assertThat(alice.get(base + "/instance").text("status")).isEqualTo("running");
        alice.delete(base + "/instance");
    }

    @Test
    void aPooledContainerThatDiedIsNotHandedOverTheStartGoesCold() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("pooled-dead", Map.of("warmPool", 1)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        String dead = awaitIdle(challenge, 1).getFirst();
        engine.killContainerCmd(dead).exec();

        var started = alice.post(base + "/instance", null);

        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String id = started.text("id");
        assertThat(recorded(id, "container_id")).isNotEqualTo(dead);
        int hostPort = started.json().path("ports").get(0).path("hostPort").asInt();
        assertThat(fetch(hostPort, "/flag.txt").strip()).isEqualTo(recorded(id, "flag"));
        assertThat(engine.listContainersCmd().withShowAll(true).withIdFilter(List.of(dead)).exec()).isEmpty();
        alice.delete(base + "/instance");
    }

    @Test
    void aChallengeWithItsFlagInAnEnvironmentVariableHasNoWarmPool() {
        var body = new java.util.HashMap<>(webChallenge("pooled-env", Map.of("warmPool", 1, "flagEnv", "FLAG")));
        body.remove("flagFile");
        var refused = alice.post("/v1/projects/" + project + "/challenges", body);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text("field")).isEqualTo("warmPool");
        body.put("warmPool", 0);
        String challenge = createChallenge(alice, project, body);
        var patched = alice.patch("/v1/projects/" + project + "/challenges/" + challenge, Map.of("warmPool", 2));
        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.text("field")).isEqualTo("warmPool");
    }

    /** Waits until the challenge has {@code count} idle (running, taken by no instance) pool containers; returns their ids. */
    private List<String> awaitIdle(String challenge, int count) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        List<Container> idle = List.of();
        while (Instant.now().isBefore(until)) {
            var taken = new HashSet<>(jdbc.sql("SELECT container_id FROM instances WHERE container_id IS NOT NULL").query(String.class).list());
            idle = pooled(challenge).stream().filter(c -> "running".equals(c.getState()))
                    .filter(c -> !taken.contains(c.getId())).toList();
            if (idle.size() == count) {
                return idle.stream().map(Container::getId).toList();
            }
            sleep();
        }
        throw new AssertionError("the pool of " + challenge + " holds " + idle.size() + " idle containers, expected " + count);
    }

    /**
     * Waits until the challenge has no pool containers: a tending round that read the challenge just before
     * it changed may still make one of the old version, which the next round (at once) removes.
     */
    private void awaitNone(String challenge) {
        Instant until = Instant.now().plus(Duration.ofSeconds(15));
        while (!pooled(challenge).isEmpty() && Instant.now().isBefore(until)) {
            sleep();
        }
        assertThat(pooled(challenge)).isEmpty();
    }

    private List<Container> pooled(String challenge) {
        return engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ArenaLabels.KIND, Containers.POOL_KIND,
                Containers.CHALLENGE, challenge, Containers.DEPLOYMENT, settings.deployment())).exec();
    }

    private String recorded(String instance, String column) {
        return jdbc.sql("SELECT " + column + " FROM instances WHERE id = ?").param(Long.parseLong(instance)).query(String.class).single();
    }

    private int jdbcPort(String instance) {
        return Integer.parseInt(recorded(instance, "ports").split(",")[0].split(":")[1]);
    }

    private static int published(com.github.dockerjava.api.command.InspectContainerResponse container) {
        String spec = container.getNetworkSettings().getPorts().getBindings().values().iterator().next()[0].getHostPortSpec();
        return Integer.parseInt(spec);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
