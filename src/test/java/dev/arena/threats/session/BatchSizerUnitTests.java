package dev.arena.threats.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizerUnitTests {

    private static final long TARGET = Duration.ofMillis(20).toNanos();
    private static final long MICRO = 1_000;

    @Test
    void untilBothStagesMeasuredABatchItTakesTheMostAllowed() {
        BatchSizer sizer = new BatchSizer(TARGET, 5000);
        assertThat(sizer.limit(0)).isEqualTo(5000);

        sizer.sessionized(5000, 5000 * 40 * MICRO);

        assertThat(sizer.limit(0)).as("the decision stage not measured yet").isEqualTo(5000);
    }

    @Test
    void aBatchHoldsWhatBothStagesTakeWithinTheTargetTime() {
        BatchSizer sizer = new BatchSizer(TARGET, 5000);

        sizer.sessionized(1000, 1000 * 30 * MICRO);
        sizer.decided(1000, 1000 * 20 * MICRO);

        assertThat(sizer.limit(0)).as("20 ms at 30 + 20 µs an event").isEqualTo(400);
    }

    @Test
    void theLimitStaysBetweenOneEventAndTheBatchSize() {
        BatchSizer slow = new BatchSizer(TARGET, 5000);
        slow.sessionized(1, Duration.ofSeconds(1).toNanos());
        slow.decided(1, Duration.ofSeconds(1).toNanos());
        BatchSizer fast = new BatchSizer(TARGET, 5000);
        fast.sessionized(100, 100);
        fast.decided(100, 100);

        assertThat(slow.limit(0)).isEqualTo(1);
        assertThat(fast.limit(0)).isEqualTo(5000);
    }

    @Test
    void withAFixedCostPerBatchTheSizeSettlesWhereABatchTakesTheTargetTime() {
        BatchSizer sizer = new BatchSizer(TARGET, 5000);
        long fixed = 2_000 * MICRO;
        long perEvent = 30 * MICRO;
        sizer.sessionized(5000, fixed + 5000 * perEvent);
        sizer.decided(5000, fixed + 5000 * perEvent);

        for (int batch = 0; batch < 100; batch++) {
            int events = sizer.limit(0);
            sizer.sessionized(events, fixed + events * perEvent);
            sizer.decided(events, fixed + events * perEvent);
        }

        int settled = sizer.limit(0);
        assertThat(2 * (fixed + settled * perEvent)).as("a batch's storing and decision together")
                .isBetween(TARGET - 2 * perEvent, TARGET + 2 * perEvent);
    }

    @Test
    void underABacklogBatchesGrowWithItsSquareRootUpToTheBatchSize() {
        BatchSizer sizer = new BatchSizer(TARGET, 5000);
        sizer.sessionized(1000, 1000 * 30 * MICRO);
        sizer.decided(1000, 1000 * 20 * MICRO);

        assertThat(sizer.limit(400)).as("no more waiting than a batch on time holds").isEqualTo(400);
        assertThat(sizer.limit(10_000)).as("the geometric mean of 400 and 10,000").isEqualTo(2000);
        assertThat(sizer.limit(1_000_000)).isEqualTo(5000);
    }

    @Test
    void aSlowerStretchShrinksTheBatchesWithinAFewBatches() {
        BatchSizer sizer = new BatchSizer(TARGET, 5000);
        sizer.sessionized(400, 400 * 25 * MICRO);
        sizer.decided(400, 400 * 25 * MICRO);
        assertThat(sizer.limit(0)).isEqualTo(400);

        for (int batch = 0; batch < 20; batch++) {
            sizer.sessionized(100, 100 * 100 * MICRO);
            sizer.decided(100, 100 * 100 * MICRO);
        }

        assertThat(sizer.limit(0)).as("20 ms at 200 µs an event").isBetween(100, 102);
    }
}
