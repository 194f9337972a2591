package dev.arena.chatops.internal;

import dev.arena.platform.InvalidValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule's occurrences fall: a Spring cron expression (six fields, seconds first) read in a time
 * zone. Across a daylight-saving change it follows the wall clock as Spring does: a time that does not
 * exist (the hour skipped in spring) runs at the same offset after the gap, a time that occurs twice (the
 * hour repeated in autumn) runs once.
 */
record Timetable(CronExpression cron, ZoneId zone) {

    /** The most occurrences counted when working out how many were missed. */
    static final int COUNT_CAP = 10_000;

    /** @throws InvalidValue naming {@code cron} or {@code zone} when either cannot be read */
    static Timetable of(String cron, String zone) {
        CronExpression expression;
        try {
            expression = CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("cron", "not a cron expression (six fields: second minute hour day month weekday): " + e.getMessage());
        }
        try {
            return new Timetable(expression, ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new InvalidValue("zone", "not a time zone id such as Europe/Berlin or UTC: " + zone);
        }
    }

    /** The first occurrence strictly after {@code after}, or null when there is none (a date that never comes). */
    Instant next(Instant after) {
        ZonedDateTime next = cron.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** How many occurrences fall in {@code [from, to]} (from itself counted if it is one), at most {@link #COUNT_CAP}. */
    int count(Instant from, Instant to) {
        int count = 0;
        Instant at = from.minusNanos(1);
        while (count < COUNT_CAP) {
            at = next(at);
            if (at == null || at.isAfter(to)) {
                break;
            }
            count++;
        }
        return count;
    }
}
