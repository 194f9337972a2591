package dev.arena.threats.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a security event is, whatever its source said: Cowrie's {@code eventid}s and Arena's own events map
 * onto these. The original name is kept beside it as the event's {@code type}.
 */
public enum EventKind {
    CONNECT, CLIENT_VERSION, LOGIN_FAILED, LOGIN_SUCCESS, COMMAND, DOWNLOAD, CLOSED, RATE_LIMITED, TOKEN_REUSE, INSTANCE,
    /** Arena's own sandbox outcomes: an evaluation that hit its memory, time or output limit. */
    MEMORY_LIMIT, TIME_LIMIT, OUTPUT_LIMIT,
    OTHER;

    private static final Map<String, EventKind> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventKind::wireName, Function.identity()));

    /** The lowercase dotted name used in JSON, rules and the database, e.g. {@code login.failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The kind a wire name names, or null for a name that is not one. */
    public static @Nullable EventKind fromWire(String name) {
        return BY_WIRE.get(name);
    }
}
