package dev.arena.threats.session;

/**
 * How many events the pipeline takes into its next batch: as many as its two stages before a decision are
 * expected to sessionize and decide on within {@code arena.threats.batch-time}, from the time per event each
 * stage took over its recent batches, and at most {@code arena.threats.batch-size}. A batch's fixed costs are
 * part of what it took per event, so the size settles where a whole batch takes the target time. Until both
 * stages measured a batch the size is the most allowed.
 *
 * <p>Under a backlog — more events waiting than a batch on time holds — the waiting events miss the target
 * anyway, and the size grows with the square root of the backlog (the geometric mean of the two): each batch's
 * fixed costs — the store's transaction above all — are spread over more events, so a long backlog (a burst, a
 * slow stretch of the machine or the database; events count as waiting until they are stored) drains sooner,
 * while a short one keeps the batches near their target time.
 *
 * <p>{@link #sessionized} is called by the pipeline thread, {@link #decided} by the decision thread.
 */
final class BatchSizer {

    /** The weight of a stage's latest batch in its time per event. */
    private static final double LATEST = 0.2;

    private final double targetNanos;
    private final int maxEvents;
    private volatile double sessionizeNanosPerEvent;
    private volatile double decideNanosPerEvent;

    BatchSizer(long targetNanos, int maxEvents) {
        this.targetNanos = targetNanos;
        this.maxEvents = maxEvents;
    }

    /** The most events the next batch should hold while {@code waiting} events wait: at least one, at most {@code batch-size}. */
    int limit(long waiting) {
        if (sessionizeNanosPerEvent == 0 || decideNanosPerEvent == 0) {
            return maxEvents;
        }
        double onTime = targetNanos / (sessionizeNanosPerEvent + decideNanosPerEvent);
        return (int) Math.clamp(Math.max(onTime, Math.sqrt(waiting * onTime)), 1, maxEvents);
    }

    /** The pipeline thread sessionized {@code events} in {@code nanos}. */
    void sessionized(int events, long nanos) {
        sessionizeNanosPerEvent = next(sessionizeNanosPerEvent, events, nanos);
    }

    /** The decision thread told the listeners about a batch of {@code events} in {@code nanos}. */
    void decided(int events, long nanos) {
        decideNanosPerEvent = next(decideNanosPerEvent, events, nanos);
    }

    private static double next(double before, int events, long nanos) {
        double latest = (double) Math.max(1, nanos) / events;
        return before == 0 ? latest : before + LATEST * (latest - before);
    }
}
