package dev.arena.bench;

import dev.arena.identity.IdentitySettings;
import dev.arena.identity.account.Passwords;
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
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The raw Argon2id rate that bounds logins: one {@link Passwords#matches} is exactly the hash a login
 * computes. {@link Passwords} is built from {@link IdentitySettings} bound the way Spring binds it, with
 * its declared defaults (19 MiB, t=2, p=1), so the benchmark follows the parameters Arena really uses.
 * {@code ./arena bench identity} runs it with 1 and 2 threads and compares logins/s over HTTP with it.
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

    @Setup
    public void setUp() {
        IdentitySettings settings = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("arena.identity", IdentitySettings.class);
        passwords = new Passwords(settings);
        hash = passwords.hash(PASSWORD);
    }

    /** Verifies a password against its stored hash, as a successful login does. */
    @Benchmark
    public boolean verify() {
        return passwords.matches(PASSWORD, hash);
    }
}
