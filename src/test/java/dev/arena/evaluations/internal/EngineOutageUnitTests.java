package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.support.MovingClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EngineOutageUnitTests {

    private final ContainerRuntime runtime = mock(ContainerRuntime.class);
    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final EngineOutage outage = new EngineOutage(runtime, settings(Duration.ofMillis(200), Duration.ofSeconds(10)), clock);

    @Test
    void withoutAnOutageWorkersClaimAndTheEngineIsNotAsked() {
        assertThat(outage.allowsClaims()).isTrue();
        verify(runtime, never()).list(anyMap());
    }

    @Test
    void anUnreachableEngineHoldsClaimsAndIsAskedOncePerBackoff() {
        when(runtime.list(anyMap())).thenThrow(unreachable());
        outage.began();

        assertThat(outage.allowsClaims()).isFalse();
        assertThat(outage.allowsClaims()).isFalse();
        verify(runtime, times(1)).list(anyMap());
        clock.advance(Duration.ofMillis(200));
        assertThat(outage.allowsClaims()).isFalse();
        verify(runtime, times(2)).list(anyMap());
    }

    @Test
    void claimsResumeWhenTheEngineAnswersAgain() {
        when(runtime.list(anyMap())).thenThrow(unreachable()).thenReturn(List.of());
        outage.began();
        assertThat(outage.allowsClaims()).isFalse();

        clock.advance(Duration.ofMillis(200));
        assertThat(outage.allowsClaims()).isTrue();
        clock.advance(Duration.ofMillis(200));
        assertThat(outage.allowsClaims()).isTrue();
        verify(runtime, times(2)).list(anyMap());
    }

    @Test
    void afterTheHoldJobsAreTriedAgainThoughTheEngineIsStillGone() {
        when(runtime.list(anyMap())).thenThrow(unreachable());
        outage.began();
        assertThat(outage.allowsClaims()).isFalse();

        clock.advance(Duration.ofSeconds(10));
        assertThat(outage.allowsClaims()).isTrue();
    }

    private static ContainerRuntimeException unreachable() {
        return new ContainerRuntimeException.DaemonUnreachable("unix:///nowhere", new IOException("connection refused"));
    }

    private static EvaluationSettings settings(Duration retryBackoff, Duration outageHold) {
        return new EvaluationSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, retryBackoff,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), DataSize.ofMegabytes(256), DataSize.ofGigabytes(1),
                64, 256, DataSize.ofKilobytes(64), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), DataSize.ofKilobytes(512), 50, 100,
                1.0, DataSize.ofMegabytes(16), null, 6, Duration.ofSeconds(10), 2, List.of(), outageHold);
    }
}
