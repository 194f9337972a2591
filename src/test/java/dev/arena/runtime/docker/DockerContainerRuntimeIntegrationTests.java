package dev.arena.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerLogs;
import dev.arena.runtime.spi.ContainerPort;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ContainerState;
import dev.arena.runtime.spi.ExecSpec;
import dev.arena.runtime.spi.NetworkSpec;
import dev.arena.runtime.spi.PublishedPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Docker adapter, behind its queue, against the real engine. */
@Tag("docker")
class DockerContainerRuntimeIntegrationTests {

    static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static final ContainerRuntime runtime = Engine.runtime(10, Duration.ofSeconds(30), meters);
    static DockerClient docker;

    @BeforeAll
    static void connect() {
        docker = Engine.raw();
    }

    @AfterAll
    static void removeWhatThisRunCreated() throws IOException {
        Engine.cleanUp(runtime);
        assertThat(runtime.list(Engine.ofThisRun())).isEmpty();
        docker.close();
    }

    @Test
    void aContainerIsHardenedByDefault() {
        var spec = Engine.busybox("sh", "-c", "id -u; touch /root-fs 2>/dev/null || echo read-only; touch /tmp/x && echo tmp-writable; sleep 60")
                .tmpfs("/tmp", 1 << 20)
                .capAdd("NET_BIND_SERVICE")
                .build();

        String id = runtime.create(spec);
        runtime.start(id);

        var engine = docker.inspectContainerCmd(id).exec();
        var host = engine.getHostConfig();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_BIND_SERVICE);
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getMemory()).isEqualTo(32L << 20);
        assertThat(host.getMemorySwap()).isEqualTo(32L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(engine.getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(engine.getConfig().getLabels()).containsAllEntriesOf(spec.labels().asMap());

        String out = awaitLogs(id, text -> text.contains("tmp-writable"));
        assertThat(out.lines().toList()).containsExactly("10001", "read-only", "tmp-writable");

        ContainerInfo info = runtime.inspect(id);
        assertThat(info.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(ArenaLabels.from(info.labels())).isEqualTo(spec.labels());
        assertThat(info.startedAt()).isNotNull();
        assertThat(info.exitCode()).isNull();
    }

    @Test
    void aChallengeAnswersOnAPortPublishedOnLoopbackWithItsDeliveredFlag() throws Exception {
        String flag = "flag{" + Engine.RUN + "}";
        var spec = Engine.busybox("httpd", "-f", "-p", "8080", "-h", "/run/arena")
                .port(ContainerPort.tcp(8080))
                .file(ContainerFile.text("/run/arena/flag.txt", flag))
                .file(ContainerFile.text("/run/arena/index.html", "<p>challenge</p>"))
                .build();

        String id = runtime.create(spec);
        runtime.start(id);

        PublishedPort published = runtime.inspect(id).published(8080).orElseThrow();
        assertThat(published.hostAddress()).isEqualTo("127.0.0.1");
        assertThat(published.hostPort()).isPositive();
        var bindings = docker.inspectContainerCmd(id).exec().getHostConfig().getPortBindings().getBindings();
        assertThat(bindings.get(ExposedPort.tcp(8080))).allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));

        assertThat(fetch("http://127.0.0.1:" + published.hostPort() + "/flag.txt")).isEqualTo(flag);
        assertThat(fetch("http://127.0.0.1:" + published.hostPort() + "/")).contains("challenge");
    }

    @Test
    void containersAreListedByTheirLabels() {
        var first = Engine.busybox("sleep", "60").build();
        var second = Engine.busybox("sleep", "60").build();
        String firstId = runtime.create(first);
        String secondId = runtime.create(second);

        var byId = runtime.list(Map.of(ArenaLabels.OWNER, Engine.RUN, ArenaLabels.ID, first.labels().id()));
        var ofThisRun = runtime.list(Engine.ofThisRun());

        assertThat(byId).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(firstId);
            assertThat(c.state()).isEqualTo(ContainerState.CREATED);
            assertThat(c.labels()).containsAllEntriesOf(first.labels().asMap());
        });
        assertThat(ofThisRun).extracting(c -> c.id()).contains(firstId, secondId);
        assertThat(runtime.list(Map.of(ArenaLabels.OWNER, "nobody-" + Engine.RUN))).isEmpty();
    }

    @Test
    void logsAndStatsOfARunningContainer() {
        String id = runtime.create(Engine.busybox("sh", "-c", "echo to-out; echo to-err >&2; sleep 60").build());
        runtime.start(id);
        awaitLogs(id, out -> out.contains("to-out"), err -> err.contains("to-err"));

        var logs = runtime.logs(id, 10);
        var stats = runtime.stats(id);

        assertThat(logs.stdout()).isEqualTo("to-out\n");
        assertThat(logs.stderr()).isEqualTo("to-err\n");
        assertThat(stats.memoryLimitBytes()).isEqualTo(32L << 20);
        assertThat(stats.memoryUsageBytes()).isPositive();
        assertThat(stats.cpuUsageNanos()).isPositive();
        assertThat(stats.pids()).isBetween(1L, 64L);
    }

    @Test
    void aStoppedContainerReportsItsExitAndARemovedOneIsGone() {
        String id = runtime.create(Engine.busybox("sh", "-c", "trap 'exit 3' TERM; echo ready; sleep 60 & wait").build());
        runtime.start(id);
        // A TERM before the trap is set would be ignored (PID 1 has no default handlers) and end in a kill.
        awaitLogs(id, out -> out.contains("ready"));

        runtime.stop(id, Duration.ofSeconds(5));
        ContainerInfo stopped = runtime.inspect(id);
        runtime.stop(id, Duration.ofSeconds(5));
        runtime.remove(id);

        assertThat(stopped.state()).isEqualTo(ContainerState.EXITED);
        assertThat(stopped.exitCode()).isEqualTo(3);
        assertThat(stopped.finishedAt()).isAfterOrEqualTo(stopped.startedAt());
        assertThatThrownBy(() -> runtime.inspect(id)).isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    @Test
    void removingAContainerSomeoneElseIsRemovingWaitsUntilItIsGone() throws Exception {
        // Two sweepers (or two nodes) removing the same containers at once: the engine answers the slower one
        // 409 "removal already in progress", which must end like a removal of its own.
        for (int round = 0; round < 5; round++) {
            String id = runtime.create(Engine.busybox("sleep", "60").build());
            runtime.start(id);
            try (var both = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var first = both.submit(() -> runtime.remove(id));
                var second = both.submit(() -> runtime.remove(id));
                first.get();
                second.get();
            }
            assertThatThrownBy(() -> runtime.inspect(id)).as("round " + round).isInstanceOf(ContainerRuntimeException.NotFound.class);
        }
    }

    @Test
    void aMemoryBombIsKilledAndReportedAsOutOfMemory() {
        String id = runtime.create(Engine.busybox("sh", "-c", "x=a; while true; do x=$x$x; done").memoryBytes(16L << 20).build());
        runtime.start(id);

        ContainerInfo info = awaitState(id, ContainerState.EXITED, Duration.ofSeconds(20));

        assertThat(info.oomKilled()).isTrue();
        assertThat(info.exitCode()).isEqualTo(137);
    }

    @Test
    void execRunsAProcessInARunningContainerWithItsOwnEnvironmentAndUser() {
        String id = runtime.create(Engine.busybox("sleep", "60").tmpfs("/tmp", 1 << 20).build());
        runtime.start(id);

        var result = runtime.exec(id, new ExecSpec(List.of("sh", "-c", "echo \"$GREETING\"; id -u; pwd; echo oops >&2; exit 3"),
                Map.of("GREETING", "hello"), "10002", "/tmp", Duration.ofSeconds(10), 1000));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("hello\n10002\n/tmp\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(runtime.inspect(id).running()).as("the container outlives its exec").isTrue();
    }

    @Test
    void execKeepsAtMostItsOutputLimitAndStopsWaitingAtItsTimeout() {
        String id = runtime.create(Engine.busybox("sleep", "60").build());
        runtime.start(id);

        var chatty = runtime.exec(id, new ExecSpec(List.of("sh", "-c", "yes | head -c 100000"), Map.of(), "10001", "/",
                Duration.ofSeconds(10), 10));
        assertThat(chatty.stdout()).isEqualTo("y\ny\ny\ny\ny\n");
        assertThat(chatty.stdoutTruncated()).isTrue();
        assertThat(chatty.exitCode()).isZero();

        var stuck = runtime.exec(id, new ExecSpec(List.of("sh", "-c", "echo started; sleep 30"), Map.of(), "10001", "/",
                Duration.ofMillis(500), 100));
        assertThat(stuck.timedOut()).isTrue();
        assertThat(stuck.exitCode()).isNull();
        assertThat(stuck.stdout()).isEqualTo("started\n");
    }

    @Test
    void feedRunsScriptsInTurnInOneShellWithoutAProcessOfTheirOwn() {
        // Each script ends with the mark on both streams: the engine may pass on one's last bytes after the other's.
        String id = runtime.create(Engine.busybox("sh", "-s").openStdin().build());
        runtime.start(id);

        for (int round = 0; round < 3; round++) {
            var result = runtime.feed(id, "x=$((${x:-0} + 1)); echo \"run $x\"; echo oops >&2; printf '\\036end %s\\n' $x; "
                    + "printf '\\036end %s\\n' $x >&2\n", "\u001eend ", Duration.ofSeconds(10), 1000);

            assertThat(result.stdout()).isEqualTo("run " + (round + 1) + "\n\u001eend " + (round + 1) + "\n");
            assertThat(result.stderr()).as("the mark's line included").isEqualTo("oops\n\u001eend " + (round + 1) + "\n");
            assertThat(result.exitCode()).as("the script reports its own").isNull();
            assertThat(result.timedOut()).isFalse();
        }
        assertThat(runtime.inspect(id).running()).as("the shell waits for the next script").isTrue();
    }

    @Test
    void aFeedEndsWithTheContainerOrAtItsTimeout() {
        String ending = runtime.create(Engine.busybox("sh", "-s").openStdin().build());
        runtime.start(ending);
        var ended = runtime.feed(ending, "echo bye; exit 7\n", "\u001enever ", Duration.ofSeconds(10), 1000);
        assertThat(ended.stdout()).isEqualTo("bye\n");
        assertThat(ended.exitCode()).as("the container's, as it ended before the mark").isEqualTo(7);

        String stuck = runtime.create(Engine.busybox("sh", "-s").openStdin().build());
        runtime.start(stuck);
        var result = runtime.feed(stuck, "echo started; sleep 30\n", "\u001eend ", Duration.ofMillis(500), 100);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(runtime.inspect(stuck).running()).as("left running for its caller to kill").isTrue();

        assertThatThrownBy(() -> runtime.feed(ending, "true\n", "x", Duration.ofSeconds(1), 10))
                .isInstanceOf(ContainerRuntimeException.Conflict.class);
        assertThatThrownBy(() -> runtime.feed("no-such-container-" + Engine.RUN, "true\n", "x", Duration.ofSeconds(1), 10))
                .isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    @Test
    void runStartsAContainerAttachedAndGivesItsWholeOutputAndExitCode() {
        for (int round = 0; round < 5; round++) { // output from its first instant is never lost to a late attachment
            String id = runtime.create(Engine.busybox("sh", "-c", "echo first; echo oops >&2; echo last; exit 4").env("X", "y").build());

            var result = runtime.run(id, Duration.ofSeconds(10), 1000);

            assertThat(result.stdout()).isEqualTo("first\nlast\n");
            assertThat(result.stderr()).isEqualTo("oops\n");
            assertThat(result.exitCode()).isEqualTo(4);
            assertThat(result.timedOut()).isFalse();
            assertThat(runtime.inspect(id).state()).isEqualTo(ContainerState.EXITED);
        }
    }

    @Test
    void runKeepsAtMostItsOutputLimitAndStopsWaitingAtItsTimeout() {
        var chatty = runtime.run(runtime.create(Engine.busybox("sh", "-c", "yes | head -c 100000").build()), Duration.ofSeconds(10), 10);
        assertThat(chatty.stdout()).isEqualTo("y\ny\ny\ny\ny\n");
        assertThat(chatty.stdoutTruncated()).isTrue();
        assertThat(chatty.exitCode()).isZero();

        String stuck = runtime.create(Engine.busybox("sh", "-c", "echo started; sleep 30").build());
        var result = runtime.run(stuck, Duration.ofMillis(500), 100);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNull();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(runtime.inspect(stuck).running()).as("left running for its caller to kill").isTrue();

        assertThatThrownBy(() -> runtime.run("no-such-container-" + Engine.RUN, Duration.ofSeconds(1), 10))
                .isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    @Test
    void limitsOfARunningContainerCanBeLowered() {
        String id = runtime.create(Engine.busybox("sleep", "60").build());
        runtime.start(id);

        runtime.updateLimits(id, 16L << 20, 8);

        var host = docker.inspectContainerCmd(id).exec().getHostConfig();
        assertThat(host.getMemory()).isEqualTo(16L << 20);
        assertThat(host.getMemorySwap()).isEqualTo(16L << 20);
        assertThat(host.getPidsLimit()).isEqualTo(8L);
    }

    @Test
    void deliveredFilesAreReadOnlyBindsOfTheirOwnThatGoWithTheContainer() throws IOException {
        String id = runtime.create(Engine.busybox("sleep", "60").file(ContainerFile.text("/run/arena/flag", "flag{bound}\n")).build());
        runtime.start(id);

        String key = docker.inspectContainerCmd(id).exec().getConfig().getLabels().get(HostFiles.LABEL);
        assertThat(key).isNotNull();
        Path files = Engine.FILES.resolve(Integer.toHexString(Engine.HOST.hashCode())).resolve(key);
        assertThat(files).isDirectory();
        var read = runtime.exec(id, new ExecSpec(List.of("sh", "-c", "cat /run/arena/flag; stat -c '%a' /run/arena/flag; "
                + "echo x > /run/arena/flag || echo refused; touch /run/arena/other || echo refused"),
                Map.of(), "0:0", "/", Duration.ofSeconds(10), 1000));
        assertThat(read.stdout()).isEqualTo("flag{bound}\n444\nrefused\nrefused\n");

        runtime.remove(id);
        assertThat(files).doesNotExist();
    }

    @Test
    void filesAreUploadedWhenTheEngineDoesNotShareThisHostsFileSystem() throws Exception {
        try (var uploading = Engine.uploading(Duration.ofSeconds(30))) {
            String id = uploading.create(Engine.busybox("sleep", "60").file(ContainerFile.text("/run/arena/flag", "flag{uploaded}\n")).build());
            uploading.start(id);

            assertThat(docker.inspectContainerCmd(id).exec().getConfig().getLabels()).doesNotContainKey(HostFiles.LABEL);
            var read = uploading.exec(id, new ExecSpec(List.of("sh", "-c", "cat /run/arena/flag; stat -c '%a %u' /run/arena/flag"),
                    Map.of(), "10001", "/", Duration.ofSeconds(10), 1000));
            assertThat(read.stdout()).isEqualTo("flag{uploaded}\n444 0\n");
            uploading.remove(id);
        }
    }

    @Test
    void anExecNotAwaitingItsExitCodeStillWaitsForItsOutput() {
        String id = runtime.create(Engine.busybox("sleep", "60").build());
        runtime.start(id);

        var result = runtime.exec(id, new ExecSpec(List.of("sh", "-c", "sleep 0.2; echo done; exit 3"), Map.of(), "10001", "/",
                Duration.ofSeconds(10), 1000, false));

        assertThat(result.stdout()).isEqualTo("done\n");
        assertThat(result.exitCode()).isNull();
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void execInAStoppedContainerIsAConflict() {
        String id = runtime.create(Engine.busybox("true").build());
        var spec = new ExecSpec(List.of("true"), Map.of(), "10001", "/", Duration.ofSeconds(5), 10);
        assertThatThrownBy(() -> runtime.exec(id, spec)).isInstanceOf(ContainerRuntimeException.Conflict.class);
        assertThatThrownBy(() -> runtime.exec("no-such-container", spec)).isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    @Test
    void failuresAreTyped() {
        var missing = ContainerSpec.builder("arena/no-such-image:0", Engine.labels()).memoryBytes(16L << 20).cpus(0.1).pidsLimit(8).build();
        assertThatThrownBy(() -> runtime.create(missing)).isInstanceOfSatisfying(ContainerRuntimeException.ImageMissing.class,
                e -> assertThat(e.image()).isEqualTo("arena/no-such-image:0"));

        assertThatThrownBy(() -> runtime.remove("no-such-container-" + Engine.RUN))
                .isInstanceOf(ContainerRuntimeException.NotFound.class);
        assertThatThrownBy(() -> runtime.start("no-such-container-" + Engine.RUN))
                .isInstanceOf(ContainerRuntimeException.NotFound.class);

        String name = "arena-test-" + Engine.RUN;
        runtime.create(Engine.busybox("true").name(name).build());
        assertThatThrownBy(() -> runtime.create(Engine.busybox("true").name(name).build()))
                .isInstanceOf(ContainerRuntimeException.Conflict.class);

        assertThat(meters.get("arena.runtime.calls").tags("operation", "create", "outcome", "image_missing").timer().count()).isEqualTo(1);
        assertThat(meters.get("arena.runtime.calls").tags("operation", "remove", "outcome", "not_found").timer().count()).isPositive();
        assertThat(meters.get("arena.runtime.calls").tags("operation", "create", "outcome", "conflict").timer().count()).isEqualTo(1);
    }

    @Test
    void noEngineAtTheAddressIsReportedAsUnreachable() throws IOException {
        try (var nowhere = new DockerContainerRuntime("unix:///tmp/arena-no-engine-" + Engine.RUN + ".sock", "127.0.0.1", Duration.ofSeconds(5), 2, null)) {
            assertThatThrownBy(() -> nowhere.list(Map.of())).isInstanceOf(ContainerRuntimeException.DaemonUnreachable.class);
            assertThatThrownBy(() -> nowhere.create(Engine.busybox("true").build()))
                    .isInstanceOf(ContainerRuntimeException.DaemonUnreachable.class);
        }
    }

    @Test
    void aNetworkSaysWhetherItIsolatesItsContainersAndLetsThemOut() {
        var labels = Engine.labels();
        String name = "arena-test-closed-" + labels.id() + "-" + Engine.RUN;
        String closed = runtime.createNetwork(new NetworkSpec(name, labels, false, true, false));
        try {
            assertThat(runtime.network(closed)).satisfies(n -> {
                assertThat(n.name()).isEqualTo(name);
                assertThat(n.isolated()).isTrue();
                assertThat(n.outbound()).isFalse();
            });
        } finally {
            runtime.removeNetwork(closed);
        }
        var bridge = docker.inspectNetworkCmd().withNetworkId(ContainerSpec.DEFAULT_NETWORK).exec().getOptions();
        assertThat(runtime.network(ContainerSpec.DEFAULT_NETWORK)).satisfies(n -> {
            assertThat(n.isolated()).isEqualTo("false".equals(bridge.get("com.docker.network.bridge.enable_icc")));
            assertThat(n.outbound()).isEqualTo(!"false".equals(bridge.get("com.docker.network.bridge.enable_ip_masquerade")));
        });
        assertThatThrownBy(() -> runtime.network("arena-test-no-such-network-" + Engine.RUN)).isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    @Test
    void anInstanceGetsANetworkOfItsOwn() throws Exception {
        var labels = Engine.labels();
        String networkName = "arena-test-" + labels.id() + "-" + Engine.RUN;
        String network = runtime.createNetwork(new NetworkSpec(networkName, labels, false));
        assertThatThrownBy(() -> runtime.createNetwork(new NetworkSpec(networkName, labels, false)))
                .isInstanceOf(ContainerRuntimeException.Conflict.class);

        String id = runtime.create(Engine.busybox("httpd", "-f", "-p", "8080", "-h", "/run/arena")
                .network(networkName).port(ContainerPort.tcp(8080))
                .file(ContainerFile.text("/run/arena/index.html", "own network")).build());
        runtime.start(id);
        int port = runtime.inspect(id).published(8080).orElseThrow().hostPort();

        assertThat(fetch("http://127.0.0.1:" + port + "/")).isEqualTo("own network");
        assertThat(docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks()).containsOnlyKeys(networkName);
        assertThat(runtime.networks(Map.of(ArenaLabels.ID, labels.id(), ArenaLabels.OWNER, Engine.RUN)))
                .singleElement().satisfies(n -> assertThat(n.id()).isEqualTo(network));
        assertThat(runtime.network(networkName)).satisfies(n -> {
            assertThat(n.id()).isEqualTo(network);
            assertThat(n.isolated()).as("inter-container traffic on, as asked").isFalse();
            assertThat(n.outbound()).isTrue();
        });
        assertThatThrownBy(() -> runtime.removeNetwork(network)).isInstanceOf(ContainerRuntimeException.Conflict.class);

        runtime.remove(id);
        runtime.removeNetwork(network);
        assertThatThrownBy(() -> runtime.removeNetwork(network)).isInstanceOf(ContainerRuntimeException.NotFound.class);
    }

    private static String awaitLogs(String id, Predicate<String> ready) {
        return awaitLogs(id, ready, stderr -> true).stdout();
    }

    private static ContainerLogs awaitLogs(String id, Predicate<String> stdout, Predicate<String> stderr) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ContainerLogs logs;
        do {
            logs = runtime.logs(id, 100);
        } while (!(stdout.test(logs.stdout()) && stderr.test(logs.stderr())) && System.nanoTime() < deadline && pause());
        return logs;
    }

    private static ContainerInfo awaitState(String id, ContainerState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerInfo info;
        do {
            info = runtime.inspect(id);
        } while (info.state() != state && System.nanoTime() < deadline && pause());
        return info;
    }

    /** GETs a page from a published port, retrying while the server inside is still starting. */
    static String fetch(String url) throws InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answered at " + url, notYet);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 200 from " + url);
            }
            Thread.sleep(50);
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
