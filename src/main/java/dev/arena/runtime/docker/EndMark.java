package dev.arena.runtime.docker;

import java.nio.charset.StandardCharsets;

/**
 * Watches a stream, chunk by chunk, for a whole line that starts with a mark: the mark, then a line feed
 * somewhere after it. Chunks may split the line anywhere; only a tail as long as the mark plus {@value #LINE_ROOM}
 * bytes is kept between chunks. Not thread-safe: one stream's chunks arrive in order on one thread.
 */
final class EndMark {

    /** The most bytes between the mark and its line feed that can still be found. */
    static final int LINE_ROOM = 64;

    private final String mark;
    private String tail = "";
    private volatile boolean seen;

    EndMark(String mark) {
        if (mark.isEmpty() || mark.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an end mark must be one line, not empty");
        }
        this.mark = mark;
    }

    /** Takes the stream's next chunk; true once the marked line is whole. */
    boolean seenIn(byte[] chunk) {
        if (seen) {
            return true;
        }
        // ISO-8859-1 maps every byte to one char, so a character split between chunks cannot hide the mark.
        String text = tail + new String(chunk, StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf(mark);
        if (at >= 0 && text.indexOf('\n', at + mark.length()) >= 0) {
            seen = true;
            return true;
        }
        tail = text.substring(Math.max(0, text.length() - (mark.length() + LINE_ROOM)));
        return false;
    }

    boolean seen() {
        return seen;
    }
}
