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
 */
@ConfigurationProperties("arena.threats.score")
record ScoreSettings(@DefaultValue("30") int trees, @DefaultValue("256") int sampleSize, @DefaultValue("64") int warmUp,
                     @DefaultValue("1000") int maxForests) {

    ScoreSettings {
        require(trees >= 10 && trees <= 200, "arena.threats.score.trees must be 10-200, was " + trees);
        require(sampleSize >= 32 && sampleSize <= 2048, "arena.threats.score.sample-size must be 32-2048, was " + sampleSize);
        require(warmUp >= 1 && warmUp <= sampleSize, "arena.threats.score.warm-up must be 1 to sample-size, was " + warmUp);
        require(maxForests >= 1, "arena.threats.score.max-forests must be at least 1, was " + maxForests);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
