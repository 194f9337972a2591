package dev.arena.threats.session;

import dev.arena.threats.ThreatSettings;
import dev.arena.threats.ingest.Inbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The pipeline on this node, two threads in a row so that the two cores overlap its halves:
 * <ol>
 *   <li>{@code threats-pipeline} takes the inbox rows waiting now, never waiting for more, up to the size its
 *       {@link BatchSizer} sets from {@code batch-time} and {@code batch-size}; sessionizes and enriches them
 *       ({@link Sessionizer}), stores them in one transaction ({@link Sessions}) and hands the sessions it
 *       changed, as immutable {@link SessionUpdate}s, to the next thread;</li>
 *   <li>{@code threats-decisions} tells the {@link SessionListener}s (scoring and deciding) about them.</li>
 * </ol>
 * While the decision thread works on one batch, the pipeline thread stores the next; the hand-over has no
 * buffer, so it waits for the decision thread before it takes a third. The handed-over batches leave the
 * inbox's count only when the decision thread takes them: a slow listener, like a slow database, turns into
 * 429s at ingest. Batches are latency-first: a trickle is stored and decided on as it comes, and a batch is sized
 * so that its storing and its decision together take about {@code batch-time}. One decision thread keeps each session's updates in order. A failed write is retried with
 * backoff while the batches stay counted against the inbox's bound, so a slow or absent database turns into
 * 429s at ingest, never into lost events. {@code arena.threats.decision} times each event from its acceptance
 * until the listeners returned.
 */
@Component("threatPipeline")
class Pipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long POLL_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Inbox inbox;
    private final Sessionizer sessionizer;
    private final Sessions sessions;
    private final ObjectProvider<SessionListener> listenerBeans;
    private final ThreatSettings settings;
    private final Timer latency;
    private final BatchSizer sizer;
    /** The hand-over from the pipeline thread to the decision thread, without a buffer. */
    private final SynchronousQueue<Stored> handover = new SynchronousQueue<>();
    private List<SessionListener> listeners = List.of();
    private volatile boolean running;
    private Thread worker = Thread.currentThread();
    private Thread decider = Thread.currentThread();

    /** A stored batch on its way to the listeners: its sessions as they were stored, and its inbox batches. */
    private record Stored(List<SessionUpdate> updates, List<Inbox.Pending> pending) {
        int events() {
            return pending.stream().mapToInt(p -> p.events().size()).sum();
        }
    }

    Pipeline(Inbox inbox, Sessionizer sessionizer, Sessions sessions, ObjectProvider<SessionListener> listeners,
             ThreatSettings settings, MeterRegistry meters) {
        this.inbox = inbox;
        this.sessionizer = sessionizer;
        this.sessions = sessions;
        this.listenerBeans = listeners;
        this.settings = settings;
        this.latency = Timer.builder("arena.threats.decision").description("from an event's acceptance to its session stored, scored and decided on")
                .publishPercentileHistogram().register(meters);
        this.sizer = new BatchSizer(settings.batchTime().toNanos(), settings.batchSize());
        Gauge.builder("arena.threats.batch.limit", this, pipeline -> pipeline.sizer.limit(pipeline.inbox.waiting()))
                .description("the most events the pipeline takes into its next batch").register(meters);
    }

    @Override
    public void start() {
        listeners = listenerBeans.orderedStream().toList();
        running = true;
        worker = Thread.ofPlatform().daemon().name("threats-pipeline").start(this::run);
        decider = Thread.ofPlatform().daemon().name("threats-decisions").start(this::decide);
    }

    /**
     * Lets the pipeline thread finish its batch and stop at its next poll, and the decision thread decide on
     * what was handed over. Not interrupted: an interrupt inside a JDBC call can close an H2 file database's
     * channel. Batches still queued stay in the inbox table.
     */
    @Override
    public void stop() {
        running = false;
        try {
            worker.join(10_000);
            decider.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                List<Inbox.Pending> batch = inbox.poll(sizer.limit(inbox.waiting()), POLL_MILLIS);
                if (!batch.isEmpty()) {
                    process(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stores the batches, retrying until they are stored, found stored by another node, or found to be another
     * node's (which holds their partition now), or the node stops.
     */
    private void process(List<Inbox.Pending> batch) throws InterruptedException {
        long backoff = 100;
        List<Inbox.Pending> left = batch;
        while (!left.isEmpty()) {
            try {
                long start = System.nanoTime();
                Sessionizer.Batch made = sessionizer.assign(left);
                sessions.write(made, left);
                sizer.stored(made.events().size(), System.nanoTime() - start);
                handOver(made, left);
                return;
            } catch (Sessions.AlreadyStored e) {
                sessionizer.forgetAll();
                inbox.passOn(left.stream().filter(p -> e.inboxIds.contains(p.inboxId())).toList());
                left = left.stream().filter(p -> !e.inboxIds.contains(p.inboxId())).toList();
            } catch (RuntimeException e) {
                sessionizer.forgetAll();
                log.warn("Could not store {} threat batches, retrying in {} ms: {}", left.size(), backoff, e.toString());
                if (!running) {
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /**
     * Waits until the decision thread takes the stored batch; only then do its events leave the inbox's count.
     * The updates are made here, on the pipeline thread, as the sessions are about to change again.
     */
    private void handOver(Sessionizer.Batch made, List<Inbox.Pending> stored) throws InterruptedException {
        List<SessionUpdate> updates = listeners.isEmpty() ? List.of() : made.sessions().stream().map(Sessionizer::update).toList();
        handover.put(new Stored(updates, stored));
        inbox.done(stored);
    }

    /** The decision thread: until the pipeline thread has stopped (it cannot hand over anything after that). */
    private void decide() {
        try {
            while (worker.isAlive()) {
                Stored stored = handover.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (stored != null) {
                    long start = System.nanoTime();
                    tell(stored.updates());
                    record(stored.pending());
                    sizer.decided(stored.events(), System.nanoTime() - start);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tell(List<SessionUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        for (SessionListener listener : listeners) {
            try {
                listener.sessionsUpdated(updates);
            } catch (RuntimeException e) {
                log.warn("Session listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void record(List<Inbox.Pending> stored) {
        long now = System.nanoTime();
        for (Inbox.Pending pending : stored) {
            long nanos = now - pending.acceptedNanos();
            for (int i = 0; i < pending.events().size(); i++) {
                latency.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
