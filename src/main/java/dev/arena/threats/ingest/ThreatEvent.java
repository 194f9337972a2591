package dev.arena.threats.ingest;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One security event as the pipeline sees it, before enrichment. Strings come from attackers: they are
 * stored and shown, never interpreted; each is cut to its column's length on the way in.
 *
 * @param at            when it happened, by the sensor's clock
 * @param source        the attacker: an IP address in canonical form, or {@code user-<id>} for Arena's own
 *                      events that carry no address
 * @param kind          what happened
 * @param type          the source's own name for it (Cowrie's {@code eventid}, or the kind's wire name)
 * @param sensor        the sensor that saw it (Cowrie's {@code sensor}, or {@code arena})
 * @param sensorSession the sensor's own session id (Cowrie's {@code session}), kept to link across sensors
 * @param userId        the Arena user behind it, for Arena's own events
 */
public record ThreatEvent(Instant at, String source, EventKind kind, String type, @Nullable String sensor,
                          @Nullable String sensorSession, @Nullable String username, @Nullable String password,
                          @Nullable String command, @Nullable String url, @Nullable String sha256, @Nullable String detail,
                          @Nullable Long userId) {

    public ThreatEvent {
        type = cut(type, 64);
        sensor = cut(sensor, 128);
        sensorSession = cut(sensorSession, 64);
        username = cut(username, 256);
        password = cut(password, 256);
        command = cut(command, 4000);
        url = cut(url, 2000);
        sha256 = cut(sha256, 64);
        detail = cut(detail, 1000);
    }

    private static @Nullable String cut(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
