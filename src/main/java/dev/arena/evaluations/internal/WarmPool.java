package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.WarmShelf;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sandboxes created and started ahead of time, {@code warm-pool-size} per language, so that a job's run
 * skips container creation and start. Each is taken by one job and never returned. One virtual thread
 * per language refills its pool as soon as a sandbox is taken (its engine calls go through the runtime's
 * bounded queue, like every other), and replaces sandboxes that waited half of their {@link
 * Sandbox#LIFETIME}, so that a taken one never ends under its program. Warm sandboxes have the default
 * memory and pids limits and carry the labels kind {@value #KIND}, id of this pool; stopping removes them,
 * and the {@link SandboxSweeper} removes those a crashed node left once their life ended.
 *
 * <p>Metrics: {@code arena.evaluations.pool.size{language}}, {@code arena.evaluations.pool.takes{language,
 * outcome=hit|miss}}.
 */
@Component
class WarmPool implements SmartLifecycle {

    static final String KIND = "sandbox-pool";

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    private static final Duration KEEP = Sandbox.LIFETIME.dividedBy(2);
    private static final long RECHECK_MILLIS = 10_000;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** One language's idle sandboxes, and the signal that wakes its refiller. */
    private record Shelf(WarmShelf<Language> idle, Semaphore wake, Counter hits, Counter misses) {
    }

    private final ContainerRuntime runtime;
    private final EvaluationSettings settings;
    private final ArenaLabels labels = new ArenaLabels(KIND, UUID.randomUUID().toString(), "none", "arena");
    private final Map<Language, Shelf> shelves = new LinkedHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<Thread> refillers = new ArrayList<>();

    WarmPool(ContainerRuntime runtime, EvaluationSettings settings, Clock clock, MeterRegistry meters) {
        this.runtime = runtime;
        this.settings = settings;
        for (Language language : Language.ALL) {
            var shelf = new Shelf(new WarmShelf<>(runtime, clock, KEEP), new Semaphore(0),
                    meters.counter("arena.evaluations.pool.takes", "language", language.name(), "outcome", "hit"),
                    meters.counter("arena.evaluations.pool.takes", "language", language.name(), "outcome", "miss"));
            shelves.put(language, shelf);
            Gauge.builder("arena.evaluations.pool.size", shelf.idle(), WarmShelf::size).tag("language", language.name())
                    .description("started sandboxes waiting for a program").register(meters);
        }
    }

    /**
     * A started sandbox for the language, with the default limits, now the caller's to remove; empty when
     * none waits (or the pool is disabled).
     */
    Optional<String> take(Language language) {
        Shelf shelf = shelves.get(language);
        var warm = shelf.idle().take();
        (warm.isPresent() ? shelf.hits() : shelf.misses()).increment();
        shelf.wake().release();
        return warm.map(WarmShelf.Warm::containerId);
    }

    /** Whether a sandbox for the language waits now (a take right after may still find none). */
    boolean hasWarm(Language language) {
        return shelves.get(language).idle().size() > 0;
    }

    /** The labels this pool's sandboxes carry: kind {@value #KIND}, and an id of its own. */
    ArenaLabels labels() {
        return labels;
    }

    /** Idle sandboxes per language, for the operator's view. */
    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        shelves.forEach((language, shelf) -> sizes.put(language.name(), shelf.idle().size()));
        return sizes;
    }

    private void refill(Language language, Shelf shelf) {
        while (started.get()) {
            try {
                shelf.idle().sweep();
                while (started.get() && shelf.idle().size() < settings.warmPoolSize()) {
                    shelf.idle().make(() -> runtime.create(Sandbox.waiting(language, settings.defaultMemory().toBytes(),
                            settings.defaultPids(), labels, List.of(), settings)), id -> language);
                }
                shelf.wake().tryAcquire(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                shelf.wake().drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("refilling the {} warm pool failed; trying again", language.name(), e);
                try {
                    shelf.wake().tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        if (settings.workers() == 0 || settings.warmPoolSize() == 0 || !started.compareAndSet(false, true)) {
            return;
        }
        shelves.forEach((language, shelf) -> refillers.add(Thread.ofVirtual().name("evaluations-pool-" + language.name())
                .start(() -> refill(language, shelf))));
    }

    /**
     * Stops refilling and removes every idle sandbox; taken ones are their jobs' to remove. A refiller is
     * let finish the sandbox it is making (interrupted, its engine call would go on and leave the sandbox
     * behind), unless the engine takes longer than {@code STOP_GRACE}.
     */
    @Override
    public void stop() {
        started.set(false);
        shelves.values().forEach(shelf -> shelf.wake().release());
        for (Thread refiller : refillers) {
            try {
                if (!refiller.join(STOP_GRACE)) {
                    refiller.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        refillers.clear();
        shelves.values().forEach(shelf -> shelf.idle().clear());
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    /** Starts before the workers and stops after them. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
