package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MechUnitTests {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<Double> THRESHOLDS = List.of(0.0, 10.0, 25.0, 50.0);

    /** Donations on days 0, 2 and 30 (amounts 10, 5, 20) at one unit of decay per day; power read on a day. */
    @ParameterizedTest(name = "day {0}: power {1}, level {2}")
    @CsvSource({
            "0,    10,   1",
            "1,    9,    1",
            "2,    13,   1",   // 10 - 2 + 5
            "12,   3,    1",
            "15,   0,    1",   // decayed to nothing on day 15
            "30,   20,   2",   // the day-30 donation is whole: decay from before it is not held against it
            "31.5, 18.5, 2",
            "60,   0,    2"})
    void powerAndLevelFollowATableOfDonations(double day, double power, int level) {
        Mech mech = Mech.empty(T0);
        double decay = 1.0;
        for (double[] donation : new double[][] {{0, 10}, {2, 5}, {30, 20}}) {
            if (donation[0] <= day) {
                mech = mech.donate(donation[1], at(donation[0]), decay);
            }
        }

        assertThat(mech.powerAt(at(day), decay)).isCloseTo(power, within(1e-9));
        assertThat(mech.level(THRESHOLDS)).isEqualTo(level);
    }

    @Test
    void aDonationAfterALongQuietSpellIsNotEatenByTheDecayBeforeIt() {
        // DDC counted decay from the first donation: 10 on day 0 and 10 on day 100 left nothing at day 100.
        Mech mech = Mech.empty(T0).donate(10, T0, 1.0).donate(10, at(100), 1.0);

        assertThat(mech.powerAt(at(100), 1.0)).isEqualTo(10.0);
        assertThat(mech.totalDonated()).isEqualTo(20.0);
    }

    @Test
    void theNextLevelAndTheMomentOfRunningDryAreKnown() {
        Mech mech = Mech.empty(T0).donate(12, T0, 2.0);

        assertThat(mech.toNextLevel(THRESHOLDS)).isEqualTo(13.0);
        assertThat(mech.emptyAt(2.0)).isEqualTo(at(6));
        assertThat(Mech.empty(T0).donate(60, T0, 0).toNextLevel(THRESHOLDS)).as("top level").isZero();
        assertThat(Mech.empty(T0).donate(60, T0, 0).level(THRESHOLDS)).isEqualTo(3);
    }

    private static Instant at(double day) {
        return T0.plusMillis((long) (day * 86_400_000));
    }
}
