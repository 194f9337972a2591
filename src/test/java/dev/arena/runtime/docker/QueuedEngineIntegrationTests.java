package dev.arena.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.internal.OperationQueue;
import dev.arena.runtime.internal.QueuedContainerRuntime;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerLogs;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ExecResult;
import dev.arena.runtime.spi.ExecSpec;
import dev.arena.runtime.spi.ContainerStats;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.runtime.spi.NetworkSpec;
import dev.arena.runtime.spi.NetworkSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The operation queue in front of the real engine: a burst waits its turn, a slow call times out. */
@Tag("docker")
class QueuedEngineIntegrationTests {

    static final ContainerRuntime cleaner = Engine.runtime(10, Duration.ofSeconds(30), new SimpleMeterRegistry());

    @AfterAll
    static void removeWhatThisRunCreated() {
        Engine.cleanUp(cleaner);
    }

    @Test
    void aBurstOfStartsNeverHasMoreEngineCallsInFlightThanTheConcurrency() throws Exception {
        var meters = new SimpleMeterRegistry();
        var engine = new InFlight(Engine.adapter(Duration.ofSeconds(30)));
        var queue = new OperationQueue(3, 1000, Duration.ofSeconds(60), Duration.ofSeconds(30), meters);
        var runtime = new QueuedContainerRuntime(engine, queue);
        var deepest = new AtomicInteger();

        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var sampler = callers.submit(() -> {
                while (true) {
                    deepest.accumulateAndGet(queue.waiting(), Math::max);
                    Thread.sleep(1);
                }
            });
            try {
                List<Future<String>> starts = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    starts.add(callers.submit(() -> {
                        // Exits at once: removing stopped containers afterwards is much cheaper than running ones.
                        String id = runtime.create(Engine.busybox("true").build());
                        runtime.start(id);
                        return id;
                    }));
                }
                for (Future<String> start : starts) {
                    assertThat(runtime.inspect(start.get(60, TimeUnit.SECONDS)).startedAt()).isNotNull();
                }
            } finally {
                // A failed start must fail the test, not leave the executor's close waiting for the sampler forever.
                sampler.cancel(true);
            }
        }

        assertThat(engine.most.get()).isEqualTo(3);
        assertThat(deepest.get()).isGreaterThan(0);
        assertThat(meters.get("arena.runtime.calls").tags("operation", "start", "outcome", "ok").timer().count()).isEqualTo(30);
        assertThat(meters.get("arena.runtime.queue.wait").timer().count()).isEqualTo(90);
    }

    @Test
    void aCallThatOutlastsTheCallTimeoutFailsWithTimeout() {
        // Setting up gets all the time a loaded machine needs; only the stop runs under the short timeout.
        var patient = Engine.runtime(2, Duration.ofSeconds(60), new SimpleMeterRegistry());
        var runtime = Engine.runtime(2, Duration.ofSeconds(1), new SimpleMeterRegistry());
        // PID 1 ignores SIGTERM it has no handler for, so the engine waits out the whole grace period.
        String id = patient.create(Engine.busybox("sleep", "60").build());
        patient.start(id);

        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.stop(id, Duration.ofSeconds(5))).isInstanceOf(ContainerRuntimeException.Timeout.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    /** Passes calls to the real adapter and records how many were in flight at once. */
    static final class InFlight implements ContainerRuntime {
        final ContainerRuntime engine;
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        InFlight(ContainerRuntime engine) {
            this.engine = engine;
        }

        private <T> T count(Supplier<T> call) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return call.get();
            } finally {
                now.decrementAndGet();
            }
        }

        @Override
        public String create(ContainerSpec spec) {
            return count(() -> engine.create(spec));
        }

        @Override
        public void replaceFile(String id, ContainerFile file) {
            count(() -> {
                engine.replaceFile(id, file);
                return null;
            });
        }

        @Override
        public boolean replaceFileWithoutEngine(String id, ContainerFile file) {
            return engine.replaceFileWithoutEngine(id, file);
        }

        @Override
        public void start(String id) {
            count(() -> {
                engine.start(id);
                return null;
            });
        }

        @Override
        public void updateLimits(String id, long memoryBytes, long pidsLimit) {
            count(() -> {
                engine.updateLimits(id, memoryBytes, pidsLimit);
                return null;
            });
        }

        @Override
        public ExecResult exec(String id, ExecSpec spec) {
            return count(() -> engine.exec(id, spec));
        }

        @Override
        public ExecResult feed(String id, String script, String endMark, Duration timeout, int outputLimit) {
            return count(() -> engine.feed(id, script, endMark, timeout, outputLimit));
        }

        @Override
        public ExecResult run(String id, Duration timeout, int outputLimit) {
            return count(() -> engine.run(id, timeout, outputLimit));
        }

        @Override
        public void stop(String id, Duration grace) {
            count(() -> {
                engine.stop(id, grace);
                return null;
            });
        }

        @Override
        public void remove(String id) {
            count(() -> {
                engine.remove(id);
                return null;
            });
        }

        @Override
        public ContainerInfo inspect(String id) {
            return count(() -> engine.inspect(id));
        }

        @Override
        public List<ContainerSummary> list(Map<String, String> labels) {
            return count(() -> engine.list(labels));
        }

        @Override
        public ContainerLogs logs(String id, int tailLines) {
            return count(() -> engine.logs(id, tailLines));
        }

        @Override
        public ContainerStats stats(String id) {
            return count(() -> engine.stats(id));
        }

        @Override
        public String createNetwork(NetworkSpec spec) {
            return count(() -> engine.createNetwork(spec));
        }

        @Override
        public void removeNetwork(String id) {
            count(() -> {
                engine.removeNetwork(id);
                return null;
            });
        }

        @Override
        public List<NetworkSummary> networks(Map<String, String> labels) {
            return count(() -> engine.networks(labels));
        }

        @Override
        public NetworkSummary network(String nameOrId) {
            return count(() -> engine.network(nameOrId));
        }
    }
}
