package dev.arena.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.arena.support.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The warm shelf without an engine: what it hands out, and what it removes. */
class WarmShelfUnitTests {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final ContainerRuntime runtime = mock(ContainerRuntime.class);
    private final MovingClock clock = new MovingClock(T0);
    private final WarmShelf<String> shelf = new WarmShelf<>(runtime, clock, MAX_AGE);

    @Test
    void aContainerIsHandedOutOnceAndAStaleOneNever() {
        shelf.make(() -> "old", id -> "ports of " + id);
        clock.set(T0.plus(Duration.ofMinutes(3)));
        shelf.make(() -> "new", id -> "ports of " + id);
        clock.set(T0.plus(MAX_AGE));

        assertThat(shelf.take()).get().extracting(WarmShelf.Warm::containerId).isEqualTo("new");
        assertThat(shelf.take()).isEmpty();
        verify(runtime).remove("old");
    }

    @Test
    void aContainerBeingSweptIsNeverHandedOut() throws Exception {
        // The sweep judges the container stale and starts removing it; a take that judged it fresh a moment
        // earlier (modelled by the clock stepping back) must not get it while the engine removes it.
        shelf.make(() -> "aging", id -> "ports");
        var removing = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        doAnswer(call -> {
            removing.countDown();
            release.await();
            return null;
        }).when(runtime).remove(anyString());
        clock.set(T0.plus(MAX_AGE));
        var sweep = CompletableFuture.supplyAsync(shelf::sweep);
        removing.await();

        clock.set(T0.plus(MAX_AGE).minusSeconds(1));
        var taken = shelf.take();
        release.countDown();

        assertThat(taken).as("a container the sweep is removing").isEmpty();
        assertThat(sweep.get()).isEqualTo(1);
        assertThat(shelf.size()).isZero();
    }
}
