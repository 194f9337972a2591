package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.fetch;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Instances on the real Docker engine, told as a player's and an operator's stories. */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceLifecycleIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InstancesSettings settings;

    @Autowired
    Reconciler reconciler;

    @Autowired
    InstanceAudit audit;

    @Autowired
    ContainerRuntime runtime;

    private final DockerClient engine = Players.engine();
    private Api alice;
    private String project = "";

    @BeforeAll
    void setUp() {
        alice = Api.signedIn(port, "alice");
        project = alice.createProject(alice.createOrg("Alices CTF"), "ctf");
    }

    @AfterAll
    void cleanUp() {
        Players.cleanUp(engine, settings.deployment());
    }

    @Test
    void aPlayerStartsFindsTheFlagExtendsAndStopsAnInstance() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("web-story", Map.of()));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;

        var started = alice.post(base + "/instance", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.text("status")).isEqualTo("running");
        assertThat(started.text("host")).isEqualTo("localhost");
        assertThat(started.json().path("extensionsLeft").asInt()).isEqualTo(2);
        String id = started.text("id");
        int hostPort = started.json().path("ports").get(0).path("hostPort").asInt();

        var container = engine.inspectContainerCmd("arena-instance-" + id).exec();
        assertThat(container.getConfig().getLabels()).containsEntry("arena.kind", "instance").containsEntry("arena.id", id)
                .containsEntry("arena.project", project).containsEntry("arena.owner", "user-" + alice.get("/v1/users/me").text("id"));
        var host = container.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(32L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getCapDrop()).extracting(Enum::name).contains("ALL");
        String network = container.getNetworkSettings().getNetworks().keySet().iterator().next();
        assertThat(runtime.network(network).isolated()).as("on an isolating network").isTrue();
        assertThat(runtime.network(network).outbound()).as("without outbound traffic").isFalse();
        assertThat(host.getPortBindings().getBindings().values()).allSatisfy(b -> assertThat(b[0].getHostIp()).isEqualTo("127.0.0.1"));

        String recorded = jdbc.sql("SELECT flag FROM instances WHERE id = ?").param(Long.parseLong(id)).query(String.class).single();
        assertThat(recorded).matches("flag\\{web_[0-9a-f]{24}}");
        assertThat(fetch(hostPort, "/flag.txt").strip()).isEqualTo(recorded);

        var wrong = alice.post(base + "/flag", Map.of("flag", "flag{web_guess}"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.text("type")).isEqualTo("urn:arena:problem:wrong-flag");
        assertThat(alice.post(base + "/flag", Map.of("flag", recorded)).status()).isEqualTo(200);

        Instant expiry = Instant.parse(started.text("expiresAt"));
        var extended = alice.post(base + "/instance/extend", null);
        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(extended.json().path("extensions").asInt()).isEqualTo(1);
        assertThat(Instant.parse(extended.text("expiresAt"))).isEqualTo(expiry.plusSeconds(30));
        assertThat(alice.get(base + "/instance").text("expiresAt")).isEqualTo(extended.text("expiresAt"));

        assertThat(alice.delete(base + "/instance").status()).isEqualTo(204);
        assertThatThrownBy(() -> engine.inspectContainerCmd("arena-instance-" + id).exec()).isInstanceOf(NotFoundException.class);
        assertThat(alice.get(base + "/instance").text("status")).isEqualTo("stopped");
        assertThat(alice.post(base + "/flag", Map.of("flag", recorded)).status()).as("within the grace period").isEqualTo(200);
        assertThat(jdbc.sql("SELECT kind FROM instance_audit WHERE instance_id = ? ORDER BY id").param(Long.parseLong(id))
                .query(String.class).list()).containsExactly("started", "extended", "stopped");
    }

    @Test
    void extendingPastTheLimitIsRefused() {
        String challenge = createChallenge(alice, project, webChallenge("web-limit", Map.of("maxExtensions", 1)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        assertThat(alice.post(base + "/instance", null).status()).isEqualTo(201);

        assertThat(alice.post(base + "/instance/extend", null).status()).isEqualTo(200);
        var refused = alice.post(base + "/instance/extend", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:extension-limit-reached");
        assertThat(alice.post(base + "/instance", null).text("type")).isEqualTo("urn:arena:problem:instance-exists");
        alice.delete(base + "/instance");
    }

    @Test
    void anExpiredInstanceIsReaped() {
        String challenge = createChallenge(alice, project, webChallenge("web-expiry", Map.of("lifetimeSeconds", 1)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        String id = alice.post(base + "/instance", null).text("id");

        awaitStatus(base, "stopped", Duration.ofSeconds(20));

        assertThatThrownBy(() -> engine.inspectContainerCmd("arena-instance-" + id).exec()).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("SELECT kind FROM instance_audit WHERE instance_id = ? ORDER BY id").param(Long.parseLong(id))
                .query(String.class).list()).containsExactly("started", "expired");
    }

    @Test
    void reconciliationFailsInstancesWhoseContainerVanishedAndRemovesOrphans() {
        String challenge = createChallenge(alice, project, webChallenge("web-vanish", Map.of()));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        String id = alice.post(base + "/instance", null).text("id");
        engine.removeContainerCmd("arena-instance-" + id).withForce(true).exec();
        String orphan = engine.createContainerCmd("arena/busybox:1").withCmd("sleep", "60")
                .withLabels(Map.of("arena.kind", "instance", "arena.id", "1", "arena.project", project, "arena.owner", "nobody",
                        Containers.DEPLOYMENT, settings.deployment())).exec().getId();

        reconciler.reconcile();

        var status = alice.get(base + "/instance");
        assertThat(status.text("status")).isEqualTo("failed");
        assertThat(status.text("failure")).contains("vanished");
        assertThatThrownBy(() -> engine.inspectContainerCmd(orphan).exec()).isInstanceOf(NotFoundException.class);
        assertThat(alice.post(base + "/instance", null).status()).as("the slot is free again").isEqualTo(201);
        alice.delete(base + "/instance");
    }

    @Test
    void aStopDuringAStartIsAConflictForTheStartNeverAServerError() throws Exception {
        String challenge = createChallenge(alice, project, webChallenge("web-race", Map.of()));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        for (int round = 0; round < 6; round++) {
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Api.Response> start = threads.submit(() -> alice.post(base + "/instance", null));
                // the window: the container exists, the start has not finished
                Instant until = Instant.now().plusSeconds(10);
                while (!start.isDone() && Instant.now().isBefore(until) && jdbc.sql(
                        "SELECT count(*) FROM instances WHERE challenge_id = ? AND status = 'starting' AND container_id IS NOT NULL")
                        .param(Long.parseLong(challenge)).query(Integer.class).single() == 0) {
                    Thread.onSpinWait();
                }
                var stop = alice.delete(base + "/instance");

                assertThat(start.get().status()).as(start.get().toString()).isIn(201, 409);
                assertThat(stop.status()).as(stop.toString()).isIn(204, 404);
            }
            alice.delete(base + "/instance");
        }
        assertThat(engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Containers.CHALLENGE, challenge)).exec())
                .as("no container outlives the races").isEmpty();
    }

    @Test
    void aChallengeMayGiveBackDefaultCapabilitiesAndAWritableRoot() {
        String challenge = createChallenge(alice, project, webChallenge("web-caps",
                Map.of("capabilities", List.of("NET_BIND_SERVICE"), "writableRoot", true)));
        String base = "/v1/projects/" + project + "/challenges/" + challenge;
        assertThat(alice.get(base).json().path("capabilities").get(0).asString()).isEqualTo("NET_BIND_SERVICE");
        String id = alice.post(base + "/instance", null).text("id");

        var host = engine.inspectContainerCmd("arena-instance-" + id).exec().getHostConfig();

        assertThat(host.getCapAdd()).extracting(Enum::name).containsExactly("NET_BIND_SERVICE");
        assertThat(host.getCapDrop()).extracting(Enum::name).contains("ALL");
        assertThat(host.getReadonlyRootfs()).isFalse();
        var refused = alice.post("/v1/projects/" + project + "/challenges", webChallenge("web-admin", Map.of("capabilities", List.of("SYS_ADMIN"))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("field")).isEqualTo("capabilities");
        alice.delete(base + "/instance");
    }

    @Test
    void aMissingImageIsAClearProblem() {
        String challenge = createChallenge(alice, project, webChallenge("missing-image", Map.of("image", "arena/not-built:1")));

        var refused = alice.post("/v1/projects/" + project + "/challenges/" + challenge + "/instance", null);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:image-missing");
        assertThat(refused.text("image")).isEqualTo("arena/not-built:1");
        assertThat(alice.get("/v1/projects/" + project + "/challenges/" + challenge + "/instance").text("status")).isEqualTo("failed");
    }

    @Test
    void thePlayerCapIsKept() {
        String other = alice.createProject(alice.createOrg("Capped"), "capped");
        assertThat(alice.put("/v1/projects/" + other + "/instance-policy", Map.of("maxRunningPerPlayer", 1)).status()).isEqualTo(200);
        String first = createChallenge(alice, other, webChallenge("first", Map.of()));
        String second = createChallenge(alice, other, webChallenge("second", Map.of()));
        assertThat(alice.post("/v1/projects/" + other + "/challenges/" + first + "/instance", null).status()).isEqualTo(201);

        var refused = alice.post("/v1/projects/" + other + "/challenges/" + second + "/instance", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:cap-reached");
        var listed = alice.get("/v1/projects/" + other + "/instances?live=true");
        assertThat(listed.json().path("items").size()).isEqualTo(1);
        String id = listed.json().path("items").get(0).path("id").asString();
        assertThat(alice.delete("/v1/projects/" + other + "/instances/" + id).status()).isEqualTo(204);
    }

    @Test
    void invalidChallengesAreProblemsNamingTheField() {
        String path = "/v1/projects/" + project + "/challenges";
        assertThat(alice.post(path, "{").status()).isEqualTo(400);
        assertThat(alice.post(path, "{\"ports\": \"many\"}").status()).isEqualTo(400);
        assertThat(alice.post(path, webChallenge("bad", Map.of("ports", List.of()))).text("field")).isEqualTo("ports");
        assertThat(alice.post(path, webChallenge("bad", Map.of("flagTemplate", "no braces"))).text("field")).isEqualTo("flagTemplate");
        assertThat(alice.post(path, webChallenge("bad", Map.of("memoryMib", 1))).text("field")).isEqualTo("memoryMib");
        var missing = alice.post(path, Map.of("name", "x"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.text("field")).isEqualTo("image");
        assertThat(alice.post(path + "/1/flag", "[]").status()).isEqualTo(400);
    }

    @Test
    void instancesCannotReachEachOtherAndHaveNoOutboundTraffic() throws Exception {
        String first = createChallenge(alice, project, webChallenge("web-isolated-1", Map.of()));
        String second = createChallenge(alice, project, webChallenge("web-isolated-2", Map.of()));
        String a = alice.post("/v1/projects/" + project + "/challenges/" + first + "/instance", null).text("id");
        String b = alice.post("/v1/projects/" + project + "/challenges/" + second + "/instance", null).text("id");
        var networksOfB = engine.inspectContainerCmd("arena-instance-" + b).exec().getNetworkSettings().getNetworks();
        assertThat(networksOfB).hasSize(1);
        String networkOfB = networksOfB.keySet().iterator().next();
        String addressOfB = networksOfB.get(networkOfB).getIpAddress();

        String request = "printf 'GET /flag.txt HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ";

        assertThat(exec("arena-instance-" + a, "sh", "-c", request + "127.0.0.1 8080"))
                .as("the probe works inside the instance").contains("flag{web_");
        assertThat(exec("arena-instance-" + a, "sh", "-c", request + addressOfB + " 8080")).doesNotContain("flag{");
        var options = engine.inspectNetworkCmd().withNetworkId(networkOfB).exec().getOptions();
        assertThat(options).containsEntry("com.docker.network.bridge.enable_icc", "false")
                .containsEntry("com.docker.network.bridge.enable_ip_masquerade", "false");
        alice.delete("/v1/projects/" + project + "/challenges/" + first + "/instance");
        alice.delete("/v1/projects/" + project + "/challenges/" + second + "/instance");
    }

    @Test
    void auditEntriesOlderThanTheRetentionArePruned() {
        Instant now = Instant.now();
        jdbc.sql("INSERT INTO instance_audit (id, at, kind, instance_id, project_id, actor_id, detail) VALUES (?, ?, 'started', 1, 1, NULL, 'old')")
                .params(4242L, dev.arena.platform.Db.ts(now.minus(Duration.ofDays(91)))).update();
        jdbc.sql("INSERT INTO instance_audit (id, at, kind, instance_id, project_id, actor_id, detail) VALUES (?, ?, 'started', 1, 1, NULL, 'recent')")
                .params(4243L, dev.arena.platform.Db.ts(now.minus(Duration.ofDays(89)))).update();

        audit.prune(now.minus(settings.auditRetention()));

        assertThat(jdbc.sql("SELECT detail FROM instance_audit WHERE id IN (4242, 4243)").query(String.class).list())
                .containsExactly("recent");
    }

    private void awaitStatus(String base, String status, Duration within) {
        Instant until = Instant.now().plus(within);
        String seen = "";
        while (Instant.now().isBefore(until)) {
            seen = alice.get(base + "/instance").text("status");
            if (seen.equals(status)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("status stayed " + seen + ", expected " + status);
    }

    private String exec(String container, String... command) throws InterruptedException {
        String exec = engine.execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        var out = new StringBuilder();
        engine.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        return out.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
