package dev.arena.bench;

import dev.arena.threats.score.Score;
import dev.arena.threats.score.ScoringBenchmarkSupport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The threat pipeline's hot scoring path: one session update scored by its project's Random Cut Forest and
 * then added to it, in updates per second (one update per session and pipeline batch). {@code explainFrom}
 * is {@code arena.threats.score.explain-from}: 0 computes the drivers (RCF's attribution) of every score,
 * the default 2.0 only of scores from it up; {@code window} is {@code arena.threats.score.window}, 2560 being
 * RCF's own time decay. {@code explainFrom=0 window=2560} is the scorer as it was before both settings. Run after {@code ./mvnw test-compile}:
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main ScoringBenchmarks
 * </pre>
 * (see {@link TokenBenchmarks} for the classpath file).
 *
 * <p>On the shared 2-core machine at a load average of 15–19 the wall-clock figures were noise (errors over
 * ±100 %); the same calls timed in thread CPU time gave about 8,000–10,700 updates per CPU-second for
 * {@code explainFrom=0 window=2560} and 21,000–33,000 for the defaults (docs/benchmarks.md, "Threats").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class ScoringBenchmarks {

    @Param({"0", "2.0"})
    public double explainFrom;

    @Param({"2560", "25600"})
    public int window;

    private ScoringBenchmarkSupport scoring;

    @Setup
    public void setUp() {
        scoring = new ScoringBenchmarkSupport(explainFrom, window);
    }

    @Benchmark
    public Score scoreAndUpdate() {
        return scoring.score();
    }
}
