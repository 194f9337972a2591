package dev.arena.threats.score;

import java.util.Random;

/**
 * The scorer as the decision stage runs it, default settings but for the two the benchmark varies, for the JMH benchmarks in
 * {@code dev.arena.bench} (which cannot see this package's internals): one project's forest, warmed up on
 * ordinary sessions, then fed a mix of ordinary sessions and brute-force bursts.
 */
public final class ScoringBenchmarkSupport {

    private static final int POINTS = 1024;

    private final RandomCutForestScorer scorer;
    private final SessionFeatures[] points = new SessionFeatures[POINTS];
    private int next;

    /**
     * @param explainFrom the score from which drivers are computed (0: every score is explained)
     * @param window      updates over which the forest forgets
     */
    public ScoringBenchmarkSupport(double explainFrom, int window) {
        this.scorer = new RandomCutForestScorer(new ScoreSettings(30, 256, 64, 1000, window, explainFrom));
        Random random = new Random(7);
        for (int i = 0; i < POINTS; i++) {
            points[i] = i % 20 == 0
                    ? new SessionFeatures(600 + random.nextInt(600), 100 + random.nextInt(300), 200 + random.nextInt(1000), 0,
                    0.99, random.nextBoolean(), 0, 60 + random.nextInt(120))
                    : new SessionFeatures(5 + random.nextDouble() * 5, 1 + random.nextInt(2), 1 + random.nextInt(3),
                    random.nextInt(4), 0.2 + random.nextDouble() * 0.2, false, 0, 60 + random.nextInt(240));
        }
        for (int i = 0; i < 2_000; i++) {
            score();
        }
    }

    /** Scores the next session update of project 1 and adds it to the forest, as every pipeline update does. */
    public Score score() {
        SessionFeatures features = points[next];
        next = (next + 1) % POINTS;
        return scorer.score(1, features);
    }
}
