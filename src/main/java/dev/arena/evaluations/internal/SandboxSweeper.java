package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerState;
import dev.arena.runtime.spi.ContainerSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Removes sandboxes nobody will read any more: those of a worker that died (Arena killed mid-run) or a
 * removal that failed. A sandbox goes when its evaluation has a result or is queued again, or when the
 * lease of the claim that started it has expired. A sandbox whose evaluation this database does not know
 * is left alone: it may belong to another Arena on the same engine. Warm sandboxes (kind
 * {@value WarmPool#KIND}) go a minute after they stopped running or once they outlived their {@link Sandbox#LIFETIME}: those
 * of a node that crashed, or taken by a worker that died; a live pool's are left alone. Runs every
 * {@code lease} on nodes with workers.
 */
@Component
class SandboxSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxSweeper.class);

    private final ContainerRuntime runtime;
    private final Evaluations evaluations;
    private final EvaluationSettings settings;
    private final Clock clock;
    private final AtomicBoolean started = new AtomicBoolean();
    private Thread thread = Thread.ofVirtual().unstarted(() -> { });

    SandboxSweeper(ContainerRuntime runtime, Evaluations evaluations, EvaluationSettings settings, Clock clock) {
        this.runtime = runtime;
        this.evaluations = evaluations;
        this.settings = settings;
        this.clock = clock;
    }

    /** Removes the abandoned sandboxes now; answers how many. */
    int sweep() {
        int removed = 0;
        for (ContainerSummary sandbox : runtime.list(Map.of(ArenaLabels.KIND, "sandbox"))) {
            if (abandoned(sandbox)) {
                removed += removeQuietly(sandbox);
            }
        }
        for (ContainerSummary warm : runtime.list(Map.of(ArenaLabels.KIND, WarmPool.KIND))) {
            // A minute's grace for one a live pool is still starting.
            Duration life = warm.state() == ContainerState.RUNNING ? Sandbox.LIFETIME : Duration.ofMinutes(1);
            if (warm.createdAt().plus(life).isBefore(clock.instant())) {
                removed += removeQuietly(warm);
            }
        }
        return removed;
    }

    private int removeQuietly(ContainerSummary sandbox) {
        try {
            runtime.remove(sandbox.id());
            return 1;
        } catch (ContainerRuntimeException.NotFound e) {
            return 0; // its owner removed it meanwhile
        }
    }

    private boolean abandoned(ContainerSummary sandbox) {
        ArenaLabels labels = ArenaLabels.from(sandbox.labels());
        if (labels == null) {
            return false;
        }
        long id;
        try {
            id = Long.parseLong(labels.id());
        } catch (NumberFormatException e) {
            return false;
        }
        return evaluations.leaseOf(id).map(lease -> lease.status() != Status.RUNNING
                || lease.until() == null || lease.until().isBefore(clock.instant())).orElse(false);
    }

    @Override
    public void start() {
        if (settings.workers() > 0 && started.compareAndSet(false, true)) {
            thread = Thread.ofVirtual().name("evaluation-sandbox-sweeper").start(this::sweepForever);
        }
    }

    private void sweepForever() {
        while (started.get()) {
            try {
                Thread.sleep(settings.lease().toMillis());
                int removed = sweep();
                if (removed > 0) {
                    log.info("removed {} abandoned evaluation sandboxes", removed);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("sweeping evaluation sandboxes failed; trying again later", e);
            }
        }
    }

    @Override
    public void stop() {
        started.set(false);
        thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }
}
