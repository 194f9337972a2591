package dev.arena.bench;

import dev.arena.identity.IdentitySettings;
import dev.arena.identity.account.Passwords;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The raw Argon2id rate that bounds logins: one {@link Passwords#matches} is exactly the hash a login
 * computes. {@link Passwords} is built from {@link IdentitySettings} bound the way Spring binds it, with
 * its declared defaults (19 MiB, t=2, p=1), so the benchmark follows the parameters Arena really uses.
 * {@code ./arena bench identity} runs it with 1 and 2 threads and compares logins/s over HTTP with it.
 *
 * <p>Each iteration also prints {@code BENCH_CPU <process CPU ns> <verifications>}: the CPU the whole
 * JVM (GC included) spent per verification, which other load on a shared machine barely changes, to
 * compare with Arena's CPU per login measured the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class Argon2Benchmark {

    private static final String PASSWORD = "correct horse battery staple";

    private Passwords passwords;
    private String hash;
    private final AtomicLong verifications = new AtomicLong();
    private long cpuAtStart;

    @Setup
    public void setUp() {
        IdentitySettings settings = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("arena.identity", IdentitySettings.class);
        passwords = new Passwords(settings);
        hash = passwords.hash(PASSWORD);
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        verifications.set(0);
        cpuAtStart = processCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void printCpu() {
        System.out.println("BENCH_CPU " + (processCpuNanos() - cpuAtStart) + " " + verifications.get());
    }

    /** Verifies a password against its stored hash, as a successful login does. */
    @Benchmark
    public boolean verify() {
        boolean ok = passwords.matches(PASSWORD, hash);
        verifications.incrementAndGet();
        return ok;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
