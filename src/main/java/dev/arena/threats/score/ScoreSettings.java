package dev.arena.threats.score;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the anomaly model, prefix {@code arena.threats.score}. Checked at start-up.
 *
 * @param trees       trees per forest (default 30); fewer is faster and noisier
 * @param sampleSize  points each tree keeps (default 256): the model's memory of the project's traffic
 * @param warmUp      sessions a project's model must see before it scores (default 64); until then scores
 *                    are 0 and marked as warming up
 * @param maxForests  projects whose models are kept in memory (default 1000); beyond it the least used one
 *                    is dropped (Caffeine's eviction) and starts warming up again at its next session
 * @param window      session updates over which a forest forgets (RCF's time decay is 1/window; default
 *                    25600, ten times RCF's own default): the longer, the fewer updates change the trees,
 *                    the cheaper an update and the slower the model follows a change in traffic
 * @param explainFrom the score from which its drivers (RCF's attribution, which costs about three times the
 *                    score alone) are computed (default 2.0, under every built-in score policy); a lower score
 *                    comes without drivers. 0 explains every score
 */
@ConfigurationProperties("arena.threats.score")
record ScoreSettings(@DefaultValue("30") int trees, @DefaultValue("256") int sampleSize, @DefaultValue("64") int warmUp,
                     @DefaultValue("1000") int maxForests, @DefaultValue("25600") int window,
                     @DefaultValue("2.0") double explainFrom) {

    ScoreSettings {
        require(trees >= 10 && trees <= 200, "arena.threats.score.trees must be 10-200, was " + trees);
        require(sampleSize >= 32 && sampleSize <= 2048, "arena.threats.score.sample-size must be 32-2048, was " + sampleSize);
        require(warmUp >= 1 && warmUp <= sampleSize, "arena.threats.score.warm-up must be 1 to sample-size, was " + warmUp);
        require(maxForests >= 1, "arena.threats.score.max-forests must be at least 1, was " + maxForests);
        require(window >= sampleSize, "arena.threats.score.window must be at least sample-size, was " + window);
        require(explainFrom >= 0, "arena.threats.score.explain-from must not be negative, was " + explainFrom);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
