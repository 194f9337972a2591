package dev.arena.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.spi.ContainerRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue's bounds, on plain work (no engine): how many run, how long they wait, when they are refused. */
class OperationQueueUnitTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CountDownLatch release = new CountDownLatch(1);
    OperationQueue queue;

    @AfterEach
    void close() {
        release.countDown();
        queue.close();
    }

    @Test
    void neverRunsMoreCallsAtOnceThanItsConcurrency() throws Exception {
        queue = new OperationQueue(3, 100, Duration.ofSeconds(10), Duration.ofSeconds(10), meters);
        var running = new AtomicInteger();
        var most = new AtomicInteger();

        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                calls.add(callers.submit(() -> queue.call("work", () -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < 30; i++) {
                assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }

        assertThat(most.get()).isEqualTo(3);
        assertThat(meters.get("arena.runtime.calls").tags("operation", "work", "outcome", "ok").timer().count()).isEqualTo(30);
        assertThat(meters.get("arena.runtime.queue.wait").timer().max(TimeUnit.MILLISECONDS)).isGreaterThan(20);
    }

    @Test
    void refusesACallWhenTheLineIsFull() throws Exception {
        queue = new OperationQueue(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(10), meters);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> queue.call("hold", this::held));
            awaitUntil(() -> queue.active() == 1);
            callers.submit(() -> queue.call("wait", this::held));
            awaitUntil(() -> queue.waiting() == 1);

            assertThat(meters.get("arena.runtime.queue.depth").gauge().value()).isEqualTo(1);
            assertThatThrownBy(() -> queue.call("refused", () -> "never"))
                    .isInstanceOf(ContainerRuntimeException.Overloaded.class);
            assertThat(meters.get("arena.runtime.calls").tags("operation", "refused", "outcome", "overloaded").timer().count()).isEqualTo(1);
            release.countDown();
        }
    }

    @Test
    void givesUpWaitingForASlotAfterTheQueueTimeout() throws Exception {
        queue = new OperationQueue(1, 10, Duration.ofMillis(100), Duration.ofSeconds(10), meters);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> queue.call("hold", this::held));
            awaitUntil(() -> queue.active() == 1);

            long start = System.nanoTime();
            assertThatThrownBy(() -> queue.call("late", () -> "never")).isInstanceOf(ContainerRuntimeException.Timeout.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
            assertThat(queue.waiting()).isZero();
            release.countDown();
        }
    }

    @Test
    void aCallThatRunsTooLongTimesOutButKeepsItsSlotUntilItEnds() throws Exception {
        queue = new OperationQueue(1, 10, Duration.ofSeconds(10), Duration.ofMillis(100), meters);

        assertThatThrownBy(() -> queue.call("slow", this::held)).isInstanceOf(ContainerRuntimeException.Timeout.class);
        assertThat(queue.active()).isEqualTo(1);
        assertThat(meters.get("arena.runtime.calls").tags("operation", "slow", "outcome", "timeout").timer().count()).isEqualTo(1);

        release.countDown();
        awaitUntil(() -> queue.active() == 0);
        assertThat(queue.call("next", () -> "runs")).isEqualTo("runs");
    }

    @Test
    void failuresOfTheWorkReachTheCallerUnchanged() {
        queue = new OperationQueue(2, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), meters);
        var notFound = new ContainerRuntimeException.NotFound("gone", new RuntimeException());

        assertThatThrownBy(() -> queue.call("inspect", () -> { throw notFound; })).isSameAs(notFound);
        assertThatThrownBy(() -> queue.call("bug", () -> { throw new IllegalStateException("bug"); }))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug");
        assertThat(meters.get("arena.runtime.calls").tags("operation", "inspect", "outcome", "not_found").timer().count()).isEqualTo(1);
        assertThat(queue.active()).isZero();
    }

    private String held() throws InterruptedException {
        release.await();
        return "released";
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
