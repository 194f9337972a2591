package dev.arena.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes of a stream and remembers whether more came. Thread-safe. */
final class CappedBuffer {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean truncated;

    CappedBuffer(int limit) {
        this.limit = limit;
    }

    synchronized void add(byte[] chunk) {
        int room = limit - bytes.size();
        bytes.write(chunk, 0, Math.min(room, chunk.length));
        truncated |= chunk.length > room;
    }

    /** What was kept, decoded as UTF-8 (a character the cap split becomes U+FFFD). */
    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
