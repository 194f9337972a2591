package dev.arena.evaluations.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * In-process wake-ups: a queued job wakes an idle worker at once (and, through {@link QueueNotices}, those of
 * other nodes on PostgreSQL), and a job that changes status (claimed,
 * finished, put back) wakes the requests and event streams waiting for it. Both only shorten waits that a poll of the database ends anyway, so a signal lost to
 * another node costs latency, never correctness.
 */
class Signals {

    private final Semaphore work = new Semaphore(0);
    private final Semaphore callbacks = new Semaphore(0);
    private final int maxPending;
    private final Map<Long, CountDownLatch> changes = new ConcurrentHashMap<>();
    private final IntConsumer otherNodes;

    /** Signals for {@code workers} workers, telling {@code otherNodes} how many jobs this node queued. */
    Signals(int workers, IntConsumer otherNodes) {
        this.maxPending = Math.max(1, workers);
        this.otherNodes = otherNodes;
    }

    /** Jobs were queued on this node: wake idle workers here and tell the other nodes. */
    void workQueued(int jobs) {
        workArrived(jobs);
        otherNodes.accept(jobs);
    }

    /** Jobs were queued: wake as many idle workers (permits beyond the worker count would only cause empty claims). */
    void workArrived(int jobs) {
        int wake = Math.min(jobs, maxPending - work.availablePermits());
        if (wake > 0) {
            work.release(wake);
        }
    }

    /** Waits until work is signalled or {@code millis} pass. */
    void awaitWork(long millis) throws InterruptedException {
        work.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    /** A result with a callback was written: wake the deliverer. */
    void callbackDue() {
        if (callbacks.availablePermits() == 0) {
            callbacks.release();
        }
    }

    /** Waits until a callback is signalled or {@code millis} pass. */
    void awaitCallbacks(long millis) throws InterruptedException {
        callbacks.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    /** A latch that opens when the job's status changes on this node; take it before looking at the job's state. */
    CountDownLatch watch(long id) {
        return changes.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    /** Drops a latch nobody waits on any more (the job may have finished on another node). */
    void unwatch(long id, CountDownLatch latch) {
        changes.remove(id, latch);
    }

    void changed(long id) {
        CountDownLatch latch = changes.remove(id);
        if (latch != null) {
            latch.countDown();
        }
    }
}
