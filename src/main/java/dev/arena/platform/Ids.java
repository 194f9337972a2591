package dev.arena.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Snowflake ids: 41 bits of milliseconds since 2026-01-01, 10 bits of worker id, 12 bits of sequence.
 * Ids from one generator are strictly increasing; two generators with different worker ids never
 * produce the same id. Thread-safe and lock-free.
 */
public final class Ids {

    /** 2026-01-01T00:00:00Z: ids stay positive until 2095. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L;
    public static final int MAX_WORKER_ID = 1023;

    private static final int SEQUENCE_BITS = 12;
    private static final int WORKER_BITS = 10;

    private final Clock clock;
    private final long worker;
    /** Last issued (milliseconds since epoch << 12 | sequence); a sequence overflow borrows the next ms. */
    private final AtomicLong last = new AtomicLong();

    public Ids(Clock clock, int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER_ID + ", was " + workerId);
        }
        this.clock = clock;
        this.worker = workerId;
    }

    /** A new id, greater than every id this generator returned before. */
    public long next() {
        long now = (clock.millis() - EPOCH_MILLIS) << SEQUENCE_BITS;
        long issued = last.updateAndGet(previous -> Math.max(previous + 1, now));
        long millis = issued >>> SEQUENCE_BITS;
        long sequence = issued & ((1L << SEQUENCE_BITS) - 1);
        return (millis << (WORKER_BITS + SEQUENCE_BITS)) | (worker << SEQUENCE_BITS) | sequence;
    }

    /** The worker id this generator stamps into its ids. */
    public int workerId() {
        return (int) worker;
    }

    /** When an id was issued, to the millisecond. */
    public static Instant timeOf(long id) {
        return Instant.ofEpochMilli((id >>> (WORKER_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS);
    }

    /**
     * Parses an id as it appears in URLs and JSON (a decimal string).
     *
     * @throws ResourceNotFound when the text is not a positive 64-bit number: no such resource can exist
     */
    public static long parse(String text, String what) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through: a malformed id names nothing
        }
        throw new ResourceNotFound(what);
    }
}
