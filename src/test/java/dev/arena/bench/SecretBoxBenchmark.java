package dev.arena.bench;

import dev.arena.platform.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
 * Sealing and opening a runtime setting with the platform's {@link SecretBox} (AES-256-GCM, the setting's
 * name as associated data), as the settings vault does on every write and every uncached read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SecretBoxBenchmark {

    private static final String NAME = "chatops-setting:discord.token";

    private final byte[] token = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB".getBytes(StandardCharsets.UTF_8);
    private SecretBox box;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        box = new SecretBox(Map.of(1, key), 1);
    }

    /** One seal and one open of a Discord bot token. */
    @Benchmark
    public byte[] sealAndOpen() {
        return box.open(box.seal(token, NAME), NAME);
    }
}
