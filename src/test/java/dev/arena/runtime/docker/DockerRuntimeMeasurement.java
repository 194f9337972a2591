package dev.arena.runtime.docker;

import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.NetworkSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Numbers, not assertions: start latency through the adapter beside the Docker CLI, the teardown rate
 * of running containers at the default concurrency, and the cost of per-instance networks. Not part of the suite (its name does not end in
 * Tests); run it with {@code ./mvnw test -Dtest=DockerRuntimeMeasurement}.
 */
@Tag("docker")
class DockerRuntimeMeasurement {

    static final int STARTS = 30;
    static final int TEARDOWN = 100;
    static final int NETWORKS = 100;

    @Test
    void measure() throws Exception {
        ContainerRuntime runtime = Engine.runtime(10, Duration.ofSeconds(60), new SimpleMeterRegistry());
        try {
            warmUp(runtime);
            report("adapter create+start (busybox, bridge)", adapterStarts(runtime));
            report("CLI docker run --rm busybox true (bridge)", cliRuns());
            teardown(runtime);
            networks(runtime);
        } finally {
            Engine.cleanUp(runtime);
        }
    }

    private static void warmUp(ContainerRuntime runtime) throws Exception {
        for (int i = 0; i < 3; i++) {
            runtime.start(runtime.create(Engine.busybox("true").build()));
            cli();
        }
        Engine.cleanUp(runtime);
    }

    private static List<Double> adapterStarts(ContainerRuntime runtime) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            long start = System.nanoTime();
            runtime.start(runtime.create(Engine.busybox("sleep", "600").build()));
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Engine.cleanUp(runtime);
        return millis;
    }

    private static List<Double> cliRuns() throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            long start = System.nanoTime();
            cli();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private static void cli() throws Exception {
        var process = new ProcessBuilder("docker", "run", "--rm", Engine.BUSYBOX, "true").inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("docker run failed");
        }
    }

    private static void teardown(ContainerRuntime runtime) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < TEARDOWN; i++) {
                started.add(callers.submit(() -> {
                    String id = runtime.create(Engine.busybox("sleep", "600").build());
                    runtime.start(id);
                    return id;
                }));
            }
            for (Future<String> id : started) {
                ids.add(id.get());
            }
        }
        long start = System.nanoTime();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            ids.forEach(id -> callers.submit(() -> runtime.remove(id)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[measure] teardown of %d running containers at concurrency 10: %.1f s, %.1f per second%n",
                TEARDOWN, seconds, TEARDOWN / seconds);
    }

    /** More networks than Docker's built-in pools allow (about 30): needs setup-docker.sh's pools (256 networks). */
    private static void networks(ContainerRuntime runtime) {
        long start = System.nanoTime();
        for (int i = 0; i < NETWORKS; i++) {
            var labels = Engine.labels();
            runtime.createNetwork(new NetworkSpec("arena-measure-" + labels.id() + "-" + Engine.RUN, labels, false));
        }
        double created = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        runtime.networks(Engine.ofThisRun()).forEach(n -> runtime.removeNetwork(n.id()));
        double removed = (System.nanoTime() - start) / 1e9;
        System.out.printf("[measure] %d networks: created in %.1f s (%.0f ms each), removed in %.1f s%n",
                NETWORKS, created, created * 1000 / NETWORKS, removed);
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("[measure] %s: median %.0f ms, p90 %.0f ms, min %.0f ms (n=%d)%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.getFirst(), sorted.size());
    }
}
