package dev.arena.chatops.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A schedule's next run, as the scheduler works it out after every run: a weekday cron read in a zone with
 * daylight saving, from just before the spring-forward gap (the path with the most work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimetableBenchmark {

    private final Timetable timetable = Timetable.of("0 30 2 * * MON-FRI", "Europe/Berlin");
    private final Instant beforeTheGap = Instant.parse("2026-03-27T02:00:00Z");

    @Benchmark
    public Instant nextRun() {
        return timetable.next(beforeTheGap);
    }
}
