package dev.arena.threats.ingest;

import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingest body — a JSON array, or NDJSON (one object per line) — into events, and says for every
 * line it could not take which field was wrong. A bad line never costs the good ones.
 *
 * <p>Two shapes are understood. Cowrie's JSON log lines as Cowrie writes them (recognised by {@code
 * eventid}): {@code src_ip}, {@code timestamp}, {@code session}, {@code sensor}, {@code username}, {@code
 * password}, {@code input}, {@code url}, {@code shasum}, {@code version}, {@code message}. And Arena's own
 * shape (recognised by {@code kind}): {@code {"kind": "login.failed", "at": "2026-11-20T10:15:02Z",
 * "source": "203.0.113.7", "sensor", "session", "username", "password", "command", "url", "sha256",
 * "detail"}}, with {@code kind} one of {@link EventKind}'s wire names.
 */
public final class EventParser {

    /** Cowrie's event ids and what they are; any other {@code cowrie.*} id is {@link EventKind#OTHER}. */
    private static final Map<String, EventKind> COWRIE = Map.ofEntries(
            Map.entry("cowrie.session.connect", EventKind.CONNECT),
            Map.entry("cowrie.client.version", EventKind.CLIENT_VERSION),
            Map.entry("cowrie.login.failed", EventKind.LOGIN_FAILED),
            Map.entry("cowrie.login.success", EventKind.LOGIN_SUCCESS),
            Map.entry("cowrie.command.input", EventKind.COMMAND),
            Map.entry("cowrie.command.failed", EventKind.COMMAND),
            Map.entry("cowrie.session.file_download", EventKind.DOWNLOAD),
            Map.entry("cowrie.session.file_download.failed", EventKind.DOWNLOAD),
            Map.entry("cowrie.session.file_upload", EventKind.DOWNLOAD),
            Map.entry("cowrie.session.closed", EventKind.CLOSED));

    private final JsonMapper json;

    public EventParser(JsonMapper json) {
        this.json = json;
    }

    /** The events of a body and the errors of its lines, each in line order. */
    public record Parsed(List<ThreatEvent> events, List<LineError> errors) {
    }

    /** A body that is not an array nor NDJSON at all; answered 400 as a whole. */
    public static final class MalformedBody extends RuntimeException {
        MalformedBody(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a body; {@code ndjson} forces line-by-line reading, otherwise a body starting with {@code [}
     * is one JSON array and anything else is read as NDJSON.
     *
     * @throws MalformedBody when a JSON array body is not valid JSON
     */
    public Parsed parse(byte[] body, boolean ndjson) {
        int first = firstNonBlank(body, 0);
        if (!ndjson && first < body.length && body[first] == '[') {
            return parseArray(body);
        }
        return parseLines(body);
    }

    private Parsed parseArray(byte[] body) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedBody("The body starts with '[' but is not a valid JSON array.");
        }
        var out = new Parsed(new ArrayList<>(array.size()), new ArrayList<>());
        for (int i = 0; i < array.size(); i++) {
            add(out, i + 1, array.get(i));
        }
        return out;
    }

    private Parsed parseLines(byte[] body) {
        var out = new Parsed(new ArrayList<>(), new ArrayList<>());
        int line = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            if (firstNonBlank(body, start) < end) {
                try {
                    add(out, line, json.readTree(body, start, end - start));
                } catch (JacksonException e) {
                    out.errors().add(new LineError(line, "", "Not a valid JSON object."));
                }
            }
            start = end + 1;
        }
        return out;
    }

    private void add(Parsed out, int line, JsonNode node) {
        try {
            out.events().add(event(node));
        } catch (Invalid e) {
            out.errors().add(new LineError(line, e.field, e.getMessage()));
        }
    }

    /** One event from one JSON object. @throws Invalid naming the first field that is wrong */
    ThreatEvent event(JsonNode node) {
        if (!node.isObject()) {
            throw new Invalid("", "Each event must be a JSON object.");
        }
        if (node.has("eventid")) {
            return cowrie(node);
        }
        if (node.has("kind")) {
            return arena(node);
        }
        throw new Invalid("eventid", "Neither a Cowrie event (eventid) nor an Arena event (kind).");
    }

    private ThreatEvent cowrie(JsonNode node) {
        String eventId = required(node, "eventid");
        EventKind kind = COWRIE.getOrDefault(eventId, EventKind.OTHER);
        String detail = switch (kind) {
            case CLIENT_VERSION -> text(node, "version");
            case CLOSED -> node.has("duration") ? "duration " + node.path("duration").asString() + " s" : text(node, "message");
            default -> text(node, "message");
        };
        return new ThreatEvent(instant(node, "timestamp"), address(node, "src_ip"), kind, eventId, text(node, "sensor"),
                text(node, "session"), text(node, "username"), text(node, "password"), text(node, "input"), text(node, "url"),
                text(node, "shasum"), detail, null);
    }

    private ThreatEvent arena(JsonNode node) {
        String name = required(node, "kind");
        EventKind kind = EventKind.fromWire(name);
        if (kind == null) {
            throw new Invalid("kind", "Unknown kind '" + cut(name) + "'.");
        }
        return new ThreatEvent(instant(node, "at"), address(node, "source"), kind, name, text(node, "sensor"),
                text(node, "session"), text(node, "username"), text(node, "password"), text(node, "command"), text(node, "url"),
                text(node, "sha256"), text(node, "detail"), null);
    }

    private static String address(JsonNode node, String field) {
        String text = required(node, field);
        InetAddress address = IpAddresses.parse(text);
        if (address == null) {
            throw new Invalid(field, "'" + cut(text) + "' is not an IP address.");
        }
        return address.getHostAddress();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = required(node, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(field, "'" + cut(text) + "' is not an ISO-8601 timestamp with an offset.");
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new Invalid(field, "Required, a non-empty string.");
        }
        return value.stringValue();
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isString() ? value.stringValue() : value.toString();
    }

    private static String cut(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static int firstNonBlank(byte[] body, int from) {
        int i = from;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** A field that is missing or wrong. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
