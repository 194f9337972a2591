package dev.arena.threats.score;

import java.util.List;

/**
 * What the anomaly model sees of an attacker session so far. Counts are never negative; {@code failureRatio}
 * is failed logins over login attempts (0 without attempts).
 */
public record SessionFeatures(double eventsPerMinute, int distinctUsernames, int distinctPasswords,
        int distinctCommands, double failureRatio, boolean newCountry, int downloads, long durationSeconds) {

    /** The features' names, in the order {@link #normalised()} lists them; attributions use these names. */
    public static final List<String> NAMES = List.of("eventsPerMinute", "distinctUsernames", "distinctPasswords",
            "distinctCommands", "failureRatio", "newCountry", "downloads", "durationSeconds");

    /**
     * The features as the model's point: counts and rates through {@code log1p} (so a hundredfold burst is a
     * few units, not a hundred thousand, and no single feature dwarfs the others), the ratio clamped to
     * 0..1, the flag as 0 or 1.
     */
    public double[] normalised() {
        return new double[] {
                Math.log1p(Math.max(0, eventsPerMinute)),
                Math.log1p(Math.max(0, distinctUsernames)),
                Math.log1p(Math.max(0, distinctPasswords)),
                Math.log1p(Math.max(0, distinctCommands)),
                Math.clamp(failureRatio, 0.0, 1.0),
                newCountry ? 1 : 0,
                Math.log1p(Math.max(0, downloads)),
                Math.log1p(Math.max(0, durationSeconds))};
    }
}
