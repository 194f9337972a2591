package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds the queue while the container engine cannot be reached. Once a run finds the engine gone, the
 * workers of this node stop claiming (so queued jobs keep their attempts instead of burning them all in a
 * few seconds of backoff) and one of them asks the engine every {@code retry-backoff} whether it is back.
 * After {@code outage-hold} without an engine they claim again, and jobs end as {@code internal_error}
 * after their attempts as any infrastructure failure does.
 */
@Component
class EngineOutage {

    private static final Logger log = LoggerFactory.getLogger(EngineOutage.class);
    private static final Map<String, String> NOTHING = Map.of(ArenaLabels.KIND, "evaluations-engine-probe");

    private final ContainerRuntime runtime;
    private final EvaluationSettings settings;
    private final Clock clock;
    private final AtomicReference<@Nullable Instant> since = new AtomicReference<>();
    private final AtomicReference<Instant> nextProbe = new AtomicReference<>(Instant.EPOCH);

    EngineOutage(ContainerRuntime runtime, EvaluationSettings settings, Clock clock) {
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
    }

    /** A run found the engine unreachable: hold claims from now on, until a probe reaches it. */
    void began() {
        if (since.compareAndSet(null, clock.instant())) {
            log.warn("the container engine cannot be reached; evaluations stay queued for up to {} until it answers", settings.outageHold());
        }
    }

    /**
     * Whether a worker may claim a job now: true without an outage, after a probe that reached the engine,
     * and once the outage has lasted {@code outage-hold} (probes go on, so that the next outage is held
     * again); false while the queue is held.
     */
    boolean allowsClaims() {
        Instant began = since.get();
        if (began == null) {
            return true;
        }
        Instant now = clock.instant();
        if (probeDue(now) && reachable()) {
            if (since.compareAndSet(began, null)) {
                log.info("the container engine answers again after {} ms; evaluations run again", now.toEpochMilli() - began.toEpochMilli());
            }
            return true;
        }
        return !now.isBefore(began.plus(settings.outageHold()));
    }

    /** True for one caller every {@code retry-backoff}. */
    private boolean probeDue(Instant now) {
        Instant due = nextProbe.get();
        return !now.isBefore(due) && nextProbe.compareAndSet(due, now.plus(settings.retryBackoff()));
    }

    private boolean reachable() {
        try {
            runtime.list(NOTHING);
            return true;
        } catch (ContainerRuntimeException e) {
            return false;
        }
    }
}
