package dev.arena.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
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
 * The performance gate's yardstick: a fixed workload no Arena change touches (SHA-256 over a fixed 4 KiB
 * buffer), measured in the same run as the hot paths. The gate judges each hot path by its time divided by
 * this one, so a slower or busier machine moves both and the ratio stays put. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateReference {

    private final byte[] buffer = new byte[4096];
    private MessageDigest sha256;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        new Random(42).nextBytes(buffer);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] sha256Of4KiB() {
        return sha256.digest(buffer);
    }
}
