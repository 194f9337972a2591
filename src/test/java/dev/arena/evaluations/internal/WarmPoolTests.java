package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.support.ArenaTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Warm sandboxes are started ahead, handed out once, removed on shutdown, and swept after a crash. */
@ArenaTest
@TestPropertySource(properties = "arena.evaluations.workers=3")
class WarmPoolTests {

    /** A job that keeps its lease. */
    private static final Sandbox.Watch KEPT = new Sandbox.Watch() {
        @Override
        public boolean abandoned() {
            return false;
        }

        @Override
        public void runsIn(String container) {
        }
    };

    @Autowired
    ContainerRuntime runtime;

    @Autowired
    EvaluationSettings settings;

    @Autowired
    Evaluations evaluations;

    @Test
    void aPoolFillsHandsEachSandboxOutOnceAndRemovesTheRestWhenStopped() throws InterruptedException {
        var pool = new WarmPool(runtime, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        pool.start();
        try {
            awaitSize(pool, "shell", settings.warmPoolSize());
            String taken = pool.take(Language.SHELL).orElseThrow();
            assertThat(runtime.inspect(taken).running()).isTrue();
            String next = pool.take(Language.SHELL).orElseThrow();
            assertThat(next).isNotEqualTo(taken);
            runtime.remove(taken);
            runtime.remove(next);
            awaitSize(pool, "python3", settings.warmPoolSize());
        } finally {
            pool.stop();
        }
        assertThat(runtime.list(pool.labels().asMap())).as("sandboxes of a stopped pool").isEmpty();
    }

    @Test
    void aWarmSandboxThatDiedWhileItWaitedIsReplacedNotFailed() throws InterruptedException {
        var pool = new WarmPool(runtime, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        pool.start();
        try {
            awaitSize(pool, "shell", settings.warmPoolSize());
            // As an engine restart would leave them: gone.
            runtime.list(pool.labels().asMap()).forEach(sandbox -> runtime.remove(sandbox.id()));

            var labels = new ArenaLabels("sandbox", "1", "1", "user:1");
            var sandbox = new Sandbox(runtime, pool, settings, Clock.systemUTC());
            var defaults = new Limits(5000, settings.defaultMemory().toBytes(), settings.defaultPids(), 1000);
            var others = new Limits(5000, 64 << 20, 16, 1000);
            for (Limits limits : List.of(defaults, others)) { // the first finds out at the exec, the second at updateLimits
                var run = sandbox.run(Language.SHELL, "echo survived", "", limits, labels, false, KEPT);
                assertThat(run.status()).isEqualTo(Status.COMPLETED);
                assertThat(run.stdout()).isEqualTo("survived\n");
            }
        } finally {
            pool.stop();
        }
    }

    @Test
    void withABacklogAJobRunsAloneAndLeavesTheWarmSandboxesWaiting() throws InterruptedException {
        var pool = new WarmPool(runtime, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        pool.start();
        try {
            awaitSize(pool, "shell", settings.warmPoolSize());
            Set<String> warm = Set.copyOf(pooled());
            var labels = new ArenaLabels("sandbox", "2", "1", "user:1");
            var sandbox = new Sandbox(runtime, pool, settings, Clock.systemUTC());
            var limits = new Limits(5000, settings.defaultMemory().toBytes(), settings.defaultPids(), 1000);

            var run = sandbox.run(Language.SHELL, "read line; echo \"alone: $line\"; exit 2", "in", limits, labels, true, KEPT);

            assertThat(run.status()).isEqualTo(Status.RUNTIME_ERROR);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stdout()).isEqualTo("alone: in\n");
            assertThat(run.cpuMs()).as("the runner's figures").isNotNull();
            assertThat(pool.sizes().get("shell")).isEqualTo(settings.warmPoolSize());
            assertThat(pooled()).containsAll(warm);
        } finally {
            pool.stop();
        }
    }

    @Test
    void theSweeperRemovesWarmSandboxesThatStoppedOrOutlivedTheirLife() {
        var labels = new ArenaLabels(WarmPool.KIND, "crashed-node", "none", "arena");
        String exited = runtime.create(Sandbox.waiting(Language.SHELL, 16 << 20, 16, labels, List.of(), settings));
        String alive = runtime.create(Sandbox.waiting(Language.SHELL, 16 << 20, 16, labels, List.of(), settings));
        runtime.start(alive);
        try {
            new SandboxSweeper(runtime, evaluations, settings, Clock.systemUTC()).sweep();
            assertThat(pooled()).as("a sandbox a live pool may still be starting").contains(exited, alive);

            new SandboxSweeper(runtime, evaluations, settings, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2))).sweep();
            assertThat(pooled()).doesNotContain(exited).contains(alive);

            new SandboxSweeper(runtime, evaluations, settings, Clock.offset(Clock.systemUTC(), Sandbox.LIFETIME.plusMinutes(1))).sweep();
            assertThat(pooled()).doesNotContain(alive);
        } finally {
            pooled().stream().filter(id -> id.equals(exited) || id.equals(alive)).forEach(runtime::remove);
        }
    }

    private Set<String> pooled() {
        return runtime.list(Map.of(ArenaLabels.KIND, WarmPool.KIND)).stream().map(ContainerSummary::id).collect(Collectors.toSet());
    }

    private static void awaitSize(WarmPool pool, String language, int size) throws InterruptedException {
        for (int i = 0; i < 300 && pool.sizes().get(language) < size; i++) {
            Thread.sleep(50);
        }
        assertThat(pool.sizes().get(language)).as("warm " + language + " sandboxes").isEqualTo(size);
    }
}
