package dev.arena.platform.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a cache notice, as it travels in a PostgreSQL {@code NOTIFY} payload: the cache's name, then
 * each key on a line of its own ({@code \}, a line break and NUL escaped as {@code \\}, {@code \n} and
 * {@code \0}); a name alone means every entry of that cache. A payload must stay under PostgreSQL's 8000
 * bytes, so many keys are spread over as many payloads as they need, and a key too long for any payload
 * becomes a notice to forget the whole cache.
 */
final class CacheNotices {

    /** The longest payload PostgreSQL takes ("shorter than 8000 bytes"). */
    static final int MAX_PAYLOAD_BYTES = 7999;
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{0,59}");

    /** What a payload asks a node to forget. */
    sealed interface Notice {

        String cache();

        /** These keys of the cache, each as its text. */
        record Keys(String cache, List<String> keys) implements Notice {
        }

        /** Every entry of the cache. */
        record Everything(String cache) implements Notice {
        }
    }

    private CacheNotices() {
    }

    /** The payloads that make other nodes forget {@code keys} of {@code cache}, as few as fit. */
    static List<String> encode(String cache, Collection<String> keys) {
        requireName(cache);
        int headerBytes = utf8Length(cache);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(cache);
        int bytes = headerBytes;
        for (String key : keys) {
            String line = "\n" + escape(key);
            int lineBytes = utf8Length(line);
            if (headerBytes + lineBytes > MAX_PAYLOAD_BYTES) {
                return List.of(cache);
            }
            if (bytes + lineBytes > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload = new StringBuilder(cache);
                bytes = headerBytes;
            }
            payload.append(line);
            bytes += lineBytes;
        }
        if (bytes > headerBytes) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** The payload that makes other nodes forget every entry of {@code cache}. */
    static String everything(String cache) {
        requireName(cache);
        return cache;
    }

    /** What a payload asks. @throws IllegalArgumentException when it is no cache notice */
    static Notice decode(String payload) {
        String[] lines = payload.split("\n", -1);
        requireName(lines[0]);
        if (lines.length == 1) {
            return new Notice.Everything(lines[0]);
        }
        List<String> keys = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            keys.add(unescape(lines[i]));
        }
        return new Notice.Keys(lines[0], keys);
    }

    /** @throws IllegalArgumentException unless {@code name} can name a cache in a notice */
    static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a cache name must match " + NAME + ", was " + name);
        }
    }

    private static String escape(String key) {
        StringBuilder escaped = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\0' -> escaped.append("\\0");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String unescape(String line) {
        StringBuilder key = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\') {
                key.append(c);
                continue;
            }
            if (++i == line.length()) {
                throw new IllegalArgumentException("a cache notice's key ends in a lone backslash");
            }
            key.append(switch (line.charAt(i)) {
                case '\\' -> '\\';
                case 'n' -> '\n';
                case '0' -> '\0';
                default -> throw new IllegalArgumentException("a cache notice's key has an unknown escape \\" + line.charAt(i));
            });
        }
        return key.toString();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
