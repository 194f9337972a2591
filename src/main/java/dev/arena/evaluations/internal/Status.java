package dev.arena.evaluations.internal;

import java.util.Locale;

/** Where an evaluation is, or how its program ended. Only QUEUED and RUNNING change. */
enum Status {
    QUEUED, RUNNING, COMPLETED, TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT, RUNTIME_ERROR, INTERNAL_ERROR, CANCELLED;

    boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Status fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
