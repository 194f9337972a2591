package dev.arena.chatops.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mech's calculations, in nanoseconds per operation (the goal: microseconds at most). Run after
 * {@code ./mvnw test-compile}:
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main MechBenchmark
 * </pre>
 * {@code donate} is one of the performance gate's hot paths (docs/benchmarks.md, "Performance gate"), which
 * records its cost relative to a reference rather than in nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class MechBenchmark {

    private static final List<Double> THRESHOLDS = List.of(0.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);

    private Mech mech;
    private Instant later;

    @Setup
    public void setUp() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        mech = Mech.empty(t0).donate(120, t0, 1.0);
        later = t0.plusSeconds(86_400 * 3 + 17);
    }

    @Benchmark
    public double powerAt() {
        return mech.powerAt(later, 1.0);
    }

    @Benchmark
    public Mech donate() {
        return mech.donate(5, later, 1.0);
    }

    @Benchmark
    public int level() {
        return mech.level(THRESHOLDS);
    }
}
