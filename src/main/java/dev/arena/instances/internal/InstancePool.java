package dev.arena.instances.internal;

import dev.arena.runtime.spi.WarmShelf;
import dev.arena.runtime.spi.ContainerRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Started containers of challenges with a {@code warmPool}, kept ready on this node so that a start only
 * hands one over and writes the flag over its placeholder. Each node keeps its own: {@code warmPool} per challenge
 * per node. One virtual thread tends all shelves: it reads which challenges want a pool (every
 * {@value #RECHECK_MILLIS} ms, and as soon as a container is taken), empties shelves whose challenge is
 * gone or changed, replaces containers older than {@code arena.instances.pool-max-age}, and refills
 * each shelf, shelves in parallel, through the runtime's bounded queue like any other engine call.
 *
 * <p>Pool containers carry the labels kind {@value Containers#POOL_KIND}, id of this node's pool,
 * {@code arena.challenge} and {@code arena.deployment}; stopping removes the idle ones, and reconciliation
 * removes those a crashed node left. Metrics: {@code arena.instances.pool.size},
 * {@code arena.instances.pool.takes{outcome=hit|miss}}.
 */
@Component
class InstancePool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstancePool.class);
    private static final long RECHECK_MILLIS = 10_000;
    private static final long STOP_GRACE_MILLIS = 10_000;

    /** Warm containers of one version of a challenge; what each keeps is where its ports are published. */
    private record Shelf(Challenge challenge, WarmShelf<List<Instance.Port>> warm) {
    }

    private final Challenges challenges;
    private final Containers containers;
    private final ContainerRuntime runtime;
    private final InstancesSettings settings;
    private final Clock clock;
    private final String id = UUID.randomUUID().toString();
    private final Map<Long, Shelf> shelves = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean started = new AtomicBoolean();
    private final Counter hits;
    private final Counter misses;
    private Thread tender = Thread.ofVirtual().unstarted(() -> { });

    InstancePool(Challenges challenges, Containers containers, ContainerRuntime runtime, InstancesSettings settings, Clock clock,
                 MeterRegistry meters) {
        this.challenges = challenges;
        this.containers = containers;
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
        this.hits = meters.counter("arena.instances.pool.takes", "outcome", "hit");
        this.misses = meters.counter("arena.instances.pool.takes", "outcome", "miss");
        Gauge.builder("arena.instances.pool.size", shelves, s -> s.values().stream().mapToInt(shelf -> shelf.warm().size()).sum())
                .description("started instance containers waiting for a player").register(meters);
    }

    /**
     * A started container of exactly this version of the challenge, now the caller's; empty when none
     * waits or the challenge has no pool. Never hands one container out twice.
     */
    Optional<WarmShelf.Warm<List<Instance.Port>>> take(Challenge challenge) {
        if (challenge.warmPool() == 0) {
            return Optional.empty();
        }
        Shelf shelf = shelves.get(challenge.id());
        var warm = shelf != null && shelf.challenge().equals(challenge) ? shelf.warm().take() : Optional.<WarmShelf.Warm<List<Instance.Port>>>empty();
        (warm.isPresent() ? hits : misses).increment();
        wake.release();
        return warm;
    }

    /** Empties the challenge's shelf on this node (as when it was created, changed or deleted) and tends the pool at once. */
    void refresh(long challengeId) {
        Shelf shelf = shelves.remove(challengeId);
        if (shelf != null) {
            shelf.warm().clear();
        }
        wake.release();
    }

    /** The labels id of this node's pool containers. */
    String id() {
        return id;
    }

    /** Idle containers of a challenge on this node. */
    int size(long challengeId) {
        Shelf shelf = shelves.get(challengeId);
        return shelf == null ? 0 : shelf.warm().size();
    }

    private void tend() {
        while (started.get()) {
            try {
                tendOnce();
                wake.tryAcquire(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Tending the instance warm pool failed; trying again: {}", e.getMessage());
                try {
                    Thread.sleep(RECHECK_MILLIS);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** One round: follow the challenges' pool settings, then sweep and fill every shelf at once. */
    void tendOnce() {
        Map<Long, Challenge> wanted = challenges.pooled().stream().collect(Collectors.toMap(Challenge::id, Function.identity()));
        shelves.forEach((challengeId, shelf) -> {
            if (!shelf.challenge().equals(wanted.get(challengeId)) && shelves.remove(challengeId, shelf)) {
                shelf.warm().clear();
            }
        });
        wanted.values().forEach(c -> shelves.computeIfAbsent(c.id(), key -> new Shelf(c, new WarmShelf<>(runtime, clock, settings.poolMaxAge()))));
        try (ExecutorService each = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("instances-pool-fill-", 0).factory())) {
            shelves.forEach((challengeId, shelf) -> each.submit(() -> fill(challengeId, shelf)));
        }
    }

    private void fill(long challengeId, Shelf shelf) {
        shelf.warm().sweep();
        Challenge challenge = shelf.challenge();
        String flagFile = java.util.Objects.requireNonNull(challenge.flagFile());
        try {
            while (started.get() && shelf.warm().size() < challenge.warmPool() && shelves.get(challengeId) == shelf) {
                shelf.warm().make(() -> containers.createPooled(challenge, id), containerId -> {
                    List<Instance.Port> ports = containers.published(containerId, challenge.ports());
                    containers.probeFlagFile(containerId, flagFile);
                    return ports;
                });
            }
        } catch (RuntimeException e) {
            log.warn("Could not fill the warm pool of challenge {}: {}", challengeId, e.getMessage());
        }
        if (shelves.get(challengeId) != shelf) {
            shelf.warm().clear(); // forgotten while it was being filled
        }
    }

    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            tender = Thread.ofVirtual().name("instances-pool").start(this::tend);
        }
    }

    /**
     * Stops tending and removes every idle container; taken ones belong to their instances. The tender is
     * let finish the containers it is making (interrupted, an engine call would go on and leave one behind),
     * unless the engine takes longer than {@value #STOP_GRACE_MILLIS} ms.
     */
    @Override
    public void stop() {
        started.set(false);
        wake.release();
        try {
            if (!tender.join(java.time.Duration.ofMillis(STOP_GRACE_MILLIS))) {
                tender.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shelves.keySet().forEach(this::refresh);
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }
}
