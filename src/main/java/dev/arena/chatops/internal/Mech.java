package dev.arena.chatops.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A project's community mech: donations add power, power decays continuously by {@code decayPerDay}, and
 * the total ever donated raises its evolution level through ascending thresholds (the first is 0).
 *
 * <p>The state is the power <em>as of its last change</em> ({@code changedAt}). Decay is always counted
 * from there, so a donation first settles the decay accrued so far and then adds its amount: a new
 * donation is never eaten by decay from before it (DDC counted decay from a fixed start, so a donation
 * after a long quiet spell could vanish at once). Pure and allocation-light: a few arithmetic operations.
 *
 * @param power        power at {@code changedAt}, never negative
 * @param totalDonated everything ever donated
 * @param changedAt    when the power last changed (a donation)
 */
record Mech(double power, double totalDonated, Instant changedAt) {

    private static final double NANOS_PER_DAY = Duration.ofDays(1).toNanos();

    static Mech empty(Instant at) {
        return new Mech(0, 0, at);
    }

    /** The power at {@code now}: what it was at the last change less the decay since, never below zero. */
    double powerAt(Instant now, double decayPerDay) {
        if (!now.isAfter(changedAt)) {
            return power;
        }
        double days = Duration.between(changedAt, now).toNanos() / NANOS_PER_DAY;
        return Math.max(0, power - decayPerDay * days);
    }

    /** The mech after a donation at {@code at}: the decay until then is settled first, then the amount is added. */
    Mech donate(double amount, Instant at, double decayPerDay) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a donation must be positive, was " + amount);
        }
        Instant when = at.isAfter(changedAt) ? at : changedAt;
        return new Mech(powerAt(when, decayPerDay) + amount, totalDonated + amount, when);
    }

    /** The evolution level: how many thresholds after the first the total donated has reached (0-based). */
    int level(List<Double> thresholds) {
        int level = 0;
        for (int i = 1; i < thresholds.size(); i++) {
            if (totalDonated >= thresholds.get(i)) {
                level = i;
            } else {
                break;
            }
        }
        return level;
    }

    /** How much more must be donated to reach the next level; 0 at the top level. */
    double toNextLevel(List<Double> thresholds) {
        int next = level(thresholds) + 1;
        return next < thresholds.size() ? thresholds.get(next) - totalDonated : 0;
    }

    /** When the power reaches zero without further donations. */
    Instant emptyAt(double decayPerDay) {
        if (decayPerDay == 0 || power == 0) {
            return power == 0 ? changedAt : Instant.MAX;
        }
        return changedAt.plusNanos((long) (power / decayPerDay * NANOS_PER_DAY));
    }
}
