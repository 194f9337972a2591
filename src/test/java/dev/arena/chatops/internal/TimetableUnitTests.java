package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.platform.InvalidValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimetableUnitTests {

    @Test
    void theSameCronFallsAtDifferentInstantsInDifferentZones() {
        Instant after = Instant.parse("2026-06-01T00:00:00Z");

        assertThat(Timetable.of("0 0 9 * * *", "UTC").next(after)).isEqualTo("2026-06-01T09:00:00Z");
        assertThat(Timetable.of("0 0 9 * * *", "Europe/Berlin").next(after)).isEqualTo("2026-06-01T07:00:00Z");
        assertThat(Timetable.of("0 0 9 * * *", "America/New_York").next(after)).isEqualTo("2026-06-01T13:00:00Z");
    }

    @Test
    void aRunInTheHourSkippedInSpringRunsShiftedByTheGapInsteadOfBeingDropped() {
        Timetable nightly = Timetable.of("0 30 2 * * *", "Europe/Berlin");

        // 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST; 02:30 does not exist and runs at 03:30 CEST.
        assertThat(nightly.next(Instant.parse("2026-03-28T12:00:00Z"))).isEqualTo("2026-03-29T01:30:00Z");
        assertThat(nightly.next(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo("2026-03-30T00:30:00Z");
    }

    @Test
    void aRunInTheHourRepeatedInAutumnRunsOnce() {
        Timetable nightly = Timetable.of("0 30 2 * * *", "Europe/Berlin");

        // 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET); only the first runs.
        Instant first = nightly.next(Instant.parse("2026-10-24T12:00:00Z"));
        assertThat(first).isEqualTo("2026-10-25T00:30:00Z");
        assertThat(nightly.next(first)).isEqualTo("2026-10-26T01:30:00Z");
        assertThat(nightly.next(Instant.parse("2026-10-25T01:15:00Z"))).as("from inside the repeated hour").isEqualTo("2026-10-26T01:30:00Z");
    }

    @Test
    void countsTheOccurrencesInAnInterval() {
        Timetable hourly = Timetable.of("0 0 * * * *", "UTC");

        assertThat(hourly.count(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T13:30:00Z"))).isEqualTo(4);
        assertThat(hourly.count(Instant.parse("2026-06-01T10:00:01Z"), Instant.parse("2026-06-01T10:59:59Z"))).isZero();
    }

    @Test
    void aBadCronOrZoneIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Timetable.of("every day", "UTC")).isInstanceOf(InvalidValue.class)
                .extracting(e -> ((InvalidValue) e).field()).isEqualTo("cron");
        assertThatThrownBy(() -> Timetable.of("0 0 9 * * *", "Mars/Olympus")).isInstanceOf(InvalidValue.class)
                .extracting(e -> ((InvalidValue) e).field()).isEqualTo("zone");
    }
}
