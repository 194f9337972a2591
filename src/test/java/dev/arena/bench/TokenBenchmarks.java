package dev.arena.bench;

import dev.arena.identity.token.TokenBenchmarkSupport;
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
 * Signing and verifying access tokens, in operations per second. Run after {@code ./mvnw test-compile}:
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main TokenBenchmarks -t 2
 * </pre>
 * (the classpath file comes from {@code ./mvnw dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt}).
 * {@code -t 2} runs two threads, one per core here; the goal is 5,000 issued tokens per second on two cores.
 *
 * <p>Measured on the project's 2-core machine (shared, load average 4–9 during the runs), ops/s:
 * <pre>
 *                        1 thread      2 threads
 *   issue                  22,900         44,700
 *   verifyUncached          9,960         17,800
 *   verifyAsTheApiDoes  12,700,000     26,400,000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class TokenBenchmarks {

    private TokenBenchmarkSupport tokens;
    private String token;

    @Setup
    public void setUp() {
        tokens = new TokenBenchmarkSupport();
        token = tokens.issue();
    }

    @Benchmark
    public String issue() {
        return tokens.issue();
    }

    @Benchmark
    public boolean verifyUncached() {
        return tokens.verifyUncached(token);
    }

    @Benchmark
    public boolean verifyAsTheApiDoes() {
        return tokens.verifyAsTheApiDoes(token);
    }
}
