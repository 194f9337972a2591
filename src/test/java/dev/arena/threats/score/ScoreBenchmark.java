package dev.arena.threats.score;

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
 * Scoring one attacker session with the Random Cut Forest at the default settings (30 trees, 256 points
 * each): the attribution of the point and the forest's update with it, as every stored session update does.
 * The forest is warmed up with 1,024 sessions first; the benchmark cycles through 1,024 more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoreBenchmark {

    private static final int SESSIONS = 1024;

    private final RandomCutForestScorer scorer = new RandomCutForestScorer(new ScoreSettings(30, 256, 64, 1000));
    private final SessionFeatures[] sessions = new SessionFeatures[SESSIONS];
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        for (int i = 0; i < SESSIONS; i++) {
            sessions[i] = new SessionFeatures(random.nextDouble() * 30, random.nextInt(10), random.nextInt(40), random.nextInt(15),
                    random.nextDouble(), random.nextInt(20) == 0, random.nextInt(3), random.nextInt(3600));
        }
        for (SessionFeatures session : sessions) {
            scorer.score(1, session);
        }
    }

    @Benchmark
    public Score scoreOneSession() {
        next = (next + 1) % SESSIONS;
        return scorer.score(1, sessions[next]);
    }
}
