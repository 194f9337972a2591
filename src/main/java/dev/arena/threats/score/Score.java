package dev.arena.threats.score;

import java.util.List;

/**
 * How unusual a session is for its project, and why.
 *
 * @param value    the Random Cut Forest anomaly score: about 1 or less for traffic like the project's usual,
 *                 growing with how isolated the point is (2-3 and above is clearly unusual); 0 while warming up
 * @param drivers  every feature's share of the score, largest first; empty for a score under
 *                 {@code arena.threats.score.explain-from} (an ordinary session is not explained)
 * @param warmedUp false while the project's model has seen too few sessions to judge (value is then 0 and
 *                 drivers empty: score thresholds in policies cannot fire yet, technique rules still can)
 */
public record Score(double value, List<Attribution> drivers, boolean warmedUp) {

    /** One feature's share of a score; the shares add up to the score. */
    public record Attribution(String feature, double weight) {
    }

    public Score {
        drivers = List.copyOf(drivers);
    }

    /** A score from a model that has warmed up. */
    public Score(double value, List<Attribution> drivers) {
        this(value, drivers, true);
    }

    /** What a model that has not seen enough sessions yet answers. */
    public static Score warmingUp() {
        return new Score(0, List.of(), false);
    }
}
