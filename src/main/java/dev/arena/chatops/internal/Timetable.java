package dev.arena.chatops.internal;

import dev.arena.platform.InvalidValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule's occurrences fall: a Spring cron expression (six fields, seconds first) matched against
 * the wall clock of a time zone. Each wall-clock time that matches runs once, also across a daylight-saving
 * change: a time in the hour skipped in spring runs shifted by the gap (02:30 becomes 03:30 summer time),
 * a time in the hour repeated in autumn runs at its first occurrence only. Spring's own
 * {@code CronExpression.next(ZonedDateTime)} drops the skipped run and repeats the doubled one.
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
    @Nullable Instant next(Instant after) {
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
        while (true) {
            wall = cron.next(wall);
            if (wall == null) {
                return null;
            }
            Instant at = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
            if (at.isAfter(after)) {
                return at;
            }
        }
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
