package dev.arena.runtime.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Containers created and started ahead of time, waiting to be taken, oldest first. Each is handed out at
 * most once, however many callers take at the same moment. A container older than {@code maxAge} is never
 * handed out: {@link #take()} and {@link #sweep()} remove it through the runtime instead. Removals that
 * fail are left to the owner's sweeper or reconciliation, which find warm containers by their labels.
 * Thread-safe.
 *
 * @param <T> what the owner keeps about each container, e.g. its published ports
 */
public final class WarmShelf<T> {

    /**
     * One waiting container.
     *
     * @param containerId the engine's container id
     * @param createdAt   when its creation began
     * @param detail      what its owner learnt while preparing it
     */
    public record Warm<T>(String containerId, Instant createdAt, T detail) {
    }

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentLinkedDeque<Warm<T>> idle = new ConcurrentLinkedDeque<>();

    /**
     * @param maxAge how long a container may wait; older ones are removed instead of handed out
     */
    public WarmShelf(ContainerRuntime runtime, Clock clock, Duration maxAge) {
        this.runtime = runtime;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The oldest fresh container, now the caller's to use and remove; empty when none waits. */
    public Optional<Warm<T>> take() {
        Warm<T> warm;
        while ((warm = idle.pollFirst()) != null) {
            if (fresh(warm)) {
                return Optional.of(warm);
            }
            removeQuietly(warm.containerId());
        }
        return Optional.empty();
    }

    /**
     * Creates one container, starts it and lets {@code prepare} inspect or set it up, then puts it on the
     * shelf. A container whose start or preparation fails is removed before the failure is rethrown.
     *
     * @param create  creates the container and returns its id
     * @param prepare runs on the started container and returns what to keep about it
     * @return what was put on the shelf
     * @throws ContainerRuntimeException as the engine calls do
     */
    public Warm<T> make(Supplier<String> create, Function<String, T> prepare) {
        Instant created = clock.instant();
        String id = create.get();
        try {
            runtime.start(id);
            var warm = new Warm<>(id, created, prepare.apply(id));
            idle.addLast(warm);
            return warm;
        } catch (RuntimeException e) {
            removeQuietly(id);
            throw e;
        }
    }

    /** How many containers wait, fresh or not. */
    public int size() {
        return idle.size();
    }

    /**
     * Removes the containers that waited longer than {@code maxAge}; answers how many left the shelf. Each is
     * taken off the shelf before the engine removes it, so a concurrent {@link #take()} can never hand out a
     * container that is being removed.
     */
    public int sweep() {
        int removed = 0;
        for (Warm<T> warm : idle) {
            if (!fresh(warm) && idle.remove(warm)) {
                removeQuietly(warm.containerId());
                removed++;
            }
        }
        return removed;
    }

    /** Removes every waiting container, as when their kind changed or their owner stops. */
    public void clear() {
        Warm<T> warm;
        while ((warm = idle.pollFirst()) != null) {
            removeQuietly(warm.containerId());
        }
    }

    private boolean fresh(Warm<T> warm) {
        return warm.createdAt().plus(maxAge).isAfter(clock.instant());
    }

    private void removeQuietly(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (ContainerRuntimeException e) {
            // Found by its labels and removed later by the owner's sweeper or reconciliation.
        }
    }
}
