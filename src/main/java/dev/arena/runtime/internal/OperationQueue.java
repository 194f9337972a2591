package dev.arena.runtime.internal;

import dev.arena.runtime.spi.ContainerRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the calls in flight to a container engine. At most {@code concurrency} calls run at once, each
 * on a virtual thread of its own; further calls wait in line (first come, first served) for up to
 * {@code queueTimeout}, and when {@code maxQueued} already wait a new call is refused at once.
 *
 * <p>A call that runs longer than {@code callTimeout} fails for its caller with a {@code Timeout}, but
 * keeps its slot until the engine answers: the engine is still working on it, and giving the slot away
 * would let more than {@code concurrency} calls reach the engine.
 *
 * <p>Metrics: {@code arena.runtime.queue.depth} (calls waiting), {@code arena.runtime.queue.active} (calls
 * holding a slot), {@code arena.runtime.queue.wait} (time waited for a slot) and {@code arena.runtime.calls}
 * (time per call, tagged with the {@code operation} and its {@code outcome}: {@code ok} or the failure's
 * {@link ContainerRuntimeException#outcome()}).
 */
public final class OperationQueue implements AutoCloseable {

    private final int concurrency;
    private final Semaphore slots;
    private final int maxQueued;
    private final Duration queueTimeout;
    private final Duration callTimeout;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final ExecutorService calls;
    private final MeterRegistry meters;
    private final Timer waits;

    public OperationQueue(int concurrency, int maxQueued, Duration queueTimeout, Duration callTimeout, MeterRegistry meters) {
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency, true);
        this.maxQueued = maxQueued;
        this.queueTimeout = queueTimeout;
        this.callTimeout = callTimeout;
        this.meters = meters;
        this.calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("arena-runtime-", 0)
                .uncaughtExceptionHandler((thread, e) -> System.getLogger(OperationQueue.class.getName())
                        .log(System.Logger.Level.ERROR, "runtime call failed outside its caller", e))
                .factory());
        Gauge.builder("arena.runtime.queue.depth", waiting, AtomicInteger::get)
                .description("Container engine calls waiting for a free slot").register(meters);
        Gauge.builder("arena.runtime.queue.active", active, AtomicInteger::get)
                .description("Container engine calls in flight").register(meters);
        this.waits = Timer.builder("arena.runtime.queue.wait")
                .description("Time a container engine call waited for a free slot").register(meters);
    }

    /**
     * Runs {@code work} when a slot is free and returns its result.
     *
     * @param operation names the call in metrics and errors, e.g. {@code create}
     * @throws ContainerRuntimeException.Overloaded when too many calls already wait
     * @throws ContainerRuntimeException.Timeout    when no slot came free in time or the call ran too long
     * @throws ContainerRuntimeException            whatever else {@code work} throws of it; other unchecked
     *                                              exceptions of {@code work} pass through unchanged
     */
    public <T> T call(String operation, Callable<T> work) {
        return call(operation, work, Duration.ZERO);
    }

    /**
     * Like {@link #call(String, Callable)} for a call that may run {@code extra} longer than the call timeout,
     * e.g. one that waits for a process in a container.
     */
    public <T> T call(String operation, Callable<T> work, Duration extra) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            acquire(operation);
            waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return runInSlot(operation, work, callTimeout.plus(extra));
        } catch (ContainerRuntimeException e) {
            outcome = e.outcome();
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("arena.runtime.calls").tag("operation", operation).tag("outcome", outcome)
                    .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** How many calls run at once. */
    public int concurrency() {
        return concurrency;
    }

    /** Calls waiting for a slot right now. */
    public int waiting() {
        return waiting.get();
    }

    /** Calls holding a slot right now. */
    public int active() {
        return active.get();
    }

    private void acquire(String operation) {
        if (slots.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            int queued = waiting.decrementAndGet();
            throw new ContainerRuntimeException.Overloaded(operation, queued);
        }
        try {
            if (!slots.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ContainerRuntimeException.Timeout(operation + " (waiting for a free slot)", queueTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException.Timeout(operation + " (interrupted while waiting)", queueTimeout);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private <T> T runInSlot(String operation, Callable<T> work, Duration timeout) {
        active.incrementAndGet();
        Future<T> call;
        try {
            call = calls.submit(() -> {
                try {
                    return work.call();
                } finally {
                    active.decrementAndGet();
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            active.decrementAndGet();
            slots.release();
            throw e;
        }
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ContainerRuntimeException.Timeout(operation, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException.Timeout(operation + " (interrupted)", callTimeout);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** Stops accepting calls; calls in flight finish on their own threads. */
    @Override
    public void close() {
        calls.shutdown();
    }
}
