package dev.arena.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.runtime.internal.OperationQueue;
import dev.arena.runtime.internal.QueuedContainerRuntime;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Docker engine the project's scripts start (scripts/setup-docker.sh), the demo image they build, and
 * labels that mark what one test run creates so that it can all be removed afterwards.
 */
final class Engine {

    static final String HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");
    static final String BUSYBOX = "arena/busybox:1";
    static final String PROJECT = "runtime-tests";
    /** This run's owner label: everything a run creates carries it. */
    static final String RUN = "run-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Engine() {
    }

    /** Where the test runtimes write containers' files to be bind-mounted, as the application does by default. */
    static final Path FILES = Path.of("target", "container-files").toAbsolutePath();

    /** The adapter behind a queue of its own, as the application wires it (files bind-mounted from {@link #FILES}). */
    static ContainerRuntime runtime(int concurrency, Duration callTimeout, MeterRegistry meters) {
        var queue = new OperationQueue(concurrency, 1000, Duration.ofSeconds(60), callTimeout, meters);
        return new QueuedContainerRuntime(adapter(callTimeout), queue);
    }

    static DockerContainerRuntime adapter(Duration callTimeout) {
        return new DockerContainerRuntime(HOST, "127.0.0.1", callTimeout, 40, FILES);
    }

    /** The adapter as it runs against a remote engine: files uploaded through the engine's archive API. */
    static DockerContainerRuntime uploading(Duration callTimeout) {
        return new DockerContainerRuntime(HOST, "127.0.0.1", callTimeout, 40, null);
    }

    /** A plain docker-java client, to check what the adapter did without trusting the adapter. */
    static DockerClient raw() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(URI.create(HOST)).build());
    }

    /** Fresh labels of this run. */
    static ArenaLabels labels() {
        return new ArenaLabels("test", "c" + NEXT.incrementAndGet(), PROJECT, RUN);
    }

    /** A busybox spec of this run with modest limits. */
    static ContainerSpec.Builder busybox(String... cmd) {
        return ContainerSpec.builder(BUSYBOX, labels()).memoryBytes(32L << 20).cpus(0.5).pidsLimit(64).cmd(cmd);
    }

    static Map<String, String> ofThisRun() {
        return Map.of(ArenaLabels.OWNER, RUN);
    }

    /** Removes every container and network this run created. */
    static void cleanUp(ContainerRuntime runtime) {
        runtime.list(ofThisRun()).parallelStream().forEach(c -> {
            try {
                runtime.remove(c.id());
            } catch (RuntimeException ignored) {
                // Already gone.
            }
        });
        runtime.networks(ofThisRun()).forEach(n -> runtime.removeNetwork(n.id()));
    }
}
