package dev.arena.threats.session;

import dev.arena.threats.ThreatSettings;
import dev.arena.threats.ingest.Inbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The pipeline on this node: three threads, so that the decision never waits for the database.
 * <ol>
 *   <li>{@code threats-pipeline} takes the inbox rows waiting now, never waiting for more, up to the size its
 *       {@link BatchSizer} sets from {@code batch-time} and {@code batch-size}; sessionizes and enriches them in
 *       memory ({@link Sessionizer}); queues the batch for the store thread and hands its session updates to the
 *       decision thread (without a buffer: it waits until the decision thread takes them);</li>
 *   <li>{@code threats-decisions} tells the {@link SessionListener}s (scoring and deciding) about them, and
 *       queues what they want done once the batch is stored behind it;</li>
 *   <li>{@code threats-store} writes the batches in the order they were made ({@link Sessions}), deleting their
 *       inbox rows, in one transaction each or, when several wait, several in one transaction up to
 *       {@code batch-size} events; and runs the listeners' actions after them.</li>
 * </ol>
 * An event is durable from its acceptance (its inbox row), so it can be decided on before its session and its
 * own row are written: {@code arena.threats.decision} times each event from its acceptance until the listeners
 * returned, {@code arena.threats.stored} until its batch committed. A batch leaves the inbox's count once it is
 * both stored and taken by the decision thread, so a slow database, like a slow listener, turns into 429s at
 * ingest, never into lost events or unbounded memory. A write that fails is retried with backoff, holding the
 * batches behind it; so is sessionizing (its lookups), from a memory forgotten once everything made before is
 * stored. A write that finds its partition lost to another node ({@link Sessions.AlreadyStored})
 * drops that batch and every batch made after it, hands their rows to their holders (this node, for the
 * partitions it still holds), and has the sessionizer forget its memory once nothing made from it is left
 * to store: its memory had gone ahead of what was stored.
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
    private final Timer decided;
    private final Timer stored;
    private final BatchSizer sizer;
    /** The most events the store thread writes in one transaction. */
    private final int storeBatch;
    /** Events the pipeline thread made into batches that are not stored or dropped yet. */
    private final AtomicLong unstored = new AtomicLong();
    /** The hand-over from the pipeline thread to the decision thread, without a buffer. */
    private final SynchronousQueue<Made> handover = new SynchronousQueue<>();
    /** The store thread's work, in order: batches, the listeners' actions after them, and drains. */
    private final LinkedBlockingQueue<StoreWork> toStore = new LinkedBlockingQueue<>();
    private List<SessionListener> listeners = List.of();
    private volatile boolean running;
    /** Set when the sessionizer must forget its memory: the store thread began to drop batches, or sessionizing failed. */
    private volatile boolean forget;
    /** Whether the store thread drops the batches it comes to, until the next {@link Drained}. */
    private boolean dropping;
    private Thread worker = Thread.currentThread();
    private Thread decider = Thread.currentThread();
    private Thread storer = Thread.currentThread();

    private sealed interface StoreWork {
    }

    /** A batch the sessionizer made from inbox rows, on its way to the store and to the listeners. */
    private final class Made implements StoreWork {
        final Sessionizer.Batch batch;
        final List<Inbox.Pending> rows;
        /** Stored and taken by the decision thread: when both happened, the rows leave the inbox's count. */
        private final AtomicInteger left = new AtomicInteger(2);
        private volatile boolean dropped;

        Made(Sessionizer.Batch batch, List<Inbox.Pending> rows) {
            this.batch = batch;
            this.rows = rows;
        }

        int events() {
            return batch.events().size();
        }

        void drop() {
            dropped = true;
            release();
        }

        void release() {
            if (left.decrementAndGet() == 0) {
                if (dropped) {
                    inbox.passOn(rows);
                } else {
                    inbox.done(rows);
                }
            }
        }
    }

    /** What the listeners want done once a batch is stored. */
    private record Then(List<Runnable> actions) implements StoreWork {
    }

    /** Counted down when the store thread comes to it: everything queued before is stored or dropped. */
    private record Drained(CountDownLatch reached) implements StoreWork {
    }

    Pipeline(Inbox inbox, Sessionizer sessionizer, Sessions sessions, ObjectProvider<SessionListener> listeners,
             ThreatSettings settings, MeterRegistry meters) {
        this.inbox = inbox;
        this.sessionizer = sessionizer;
        this.sessions = sessions;
        this.listenerBeans = listeners;
        this.decided = Timer.builder("arena.threats.decision").description("from an event's acceptance to its session scored and decided on")
                .publishPercentileHistogram().register(meters);
        this.stored = Timer.builder("arena.threats.stored").description("from an event's acceptance to its row and its session's stored")
                .publishPercentileHistogram().register(meters);
        this.sizer = new BatchSizer(settings.batchTime().toNanos(), settings.batchSize());
        this.storeBatch = settings.batchSize();
        Gauge.builder("arena.threats.batch.limit", this, Pipeline::limit)
                .description("the most events the pipeline takes into its next batch").register(meters);
    }

    @Override
    public void start() {
        listeners = listenerBeans.orderedStream().toList();
        running = true;
        worker = Thread.ofPlatform().daemon().name("threats-pipeline").start(this::run);
        decider = Thread.ofPlatform().daemon().name("threats-decisions").start(this::decide);
        storer = Thread.ofPlatform().daemon().name("threats-store").start(this::store);
    }

    /**
     * Lets the pipeline thread finish its batch and stop at its next poll, the decision thread decide on what
     * was handed over, and the store thread store what was made. Not interrupted: an interrupt inside a JDBC
     * call can close an H2 file database's channel. Rows not stored stay in the inbox table.
     */
    @Override
    public void stop() {
        running = false;
        try {
            worker.join(10_000);
            decider.join(10_000);
            storer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try {
            while (running) {
                List<Inbox.Pending> rows = inbox.poll(limit(), POLL_MILLIS);
                Sessionizer.Batch batch = rows.isEmpty() ? null : sessionize(rows);
                if (batch != null) {
                    Made made = new Made(batch, rows);
                    unstored.addAndGet(made.events());
                    toStore.put(made);
                    handover.put(made);
                    made.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sessionizes the rows. When that fails — a lookup the database did not answer, which may leave some sessions
     * in memory changed — it is tried again after a backoff, from a memory forgotten once everything made before
     * is stored. Null when the node stops first: the rows stay in the inbox table.
     */
    private Sessionizer.@Nullable Batch sessionize(List<Inbox.Pending> rows) throws InterruptedException {
        long backoff = 100;
        while (true) {
            if (forget) {
                forgetOnceDrained();
            }
            try {
                long start = System.nanoTime();
                Sessionizer.Batch batch = sessionizer.assign(rows);
                sizer.sessionized(batch.events().size(), System.nanoTime() - start);
                return batch;
            } catch (RuntimeException e) {
                log.warn("Could not sessionize {} threat batches, retrying in {} ms: {}", rows.size(), backoff, e.toString());
                if (!running) {
                    return null;
                }
                forget = true;
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /**
     * The next batch's limit, from the events waiting for the pipeline thread: those it made into batches that
     * wait for the store thread do not make its batches larger (the store thread writes them together instead).
     */
    private int limit() {
        return sizer.limit(Math.max(0, inbox.waiting() - unstored.get()));
    }

    /** Waits until every batch made so far is stored or dropped, then has the sessionizer forget its memory. */
    private void forgetOnceDrained() throws InterruptedException {
        Drained drained = new Drained(new CountDownLatch(1));
        toStore.put(drained);
        drained.reached().await();
        forget = false;
        sessionizer.forgetAll();
    }

    /** The decision thread: until the pipeline thread has stopped (it cannot hand over anything after that). */
    private void decide() {
        try {
            while (worker.isAlive()) {
                Made made = handover.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (made != null) {
                    long start = System.nanoTime();
                    List<Runnable> actions = new ArrayList<>();
                    tell(made.batch.updates(), actions);
                    record(decided, made.rows);
                    sizer.decided(made.events(), System.nanoTime() - start);
                    if (!actions.isEmpty()) {
                        toStore.put(new Then(actions));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tell(List<SessionUpdate> updates, List<Runnable> actions) {
        if (updates.isEmpty()) {
            return;
        }
        for (SessionListener listener : listeners) {
            try {
                listener.sessionsUpdated(updates, actions::add);
            } catch (RuntimeException e) {
                log.warn("Session listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The store thread: until the decision thread has stopped and nothing is left to store. */
    private void store() {
        try {
            while (decider.isAlive() || !toStore.isEmpty()) {
                switch (toStore.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    case null -> {
                    }
                    case Made made -> write(together(made));
                    case Then then -> then.actions().forEach(Pipeline::runSafely);
                    case Drained drained -> {
                        dropping = false;
                        drained.reached().countDown();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The batch and those queued right behind it, up to {@code batch-size} events: under a backlog the store thread
     * writes several in one transaction.
     */
    private List<Made> together(Made first) {
        List<Made> group = new ArrayList<>(List.of(first));
        int events = first.events();
        while (toStore.peek() instanceof Made next && events + next.events() <= storeBatch) {
            group.add(next);
            events += next.events();
            toStore.remove();
        }
        return group;
    }

    /** Stores the batches in one transaction, retrying until they are stored, found to be another node's, or the node stops. */
    private void write(List<Made> group) throws InterruptedException {
        Sessionizer.Batch batch = group.size() == 1 ? group.getFirst().batch : Sessionizer.Batch.merge(group.stream().map(m -> m.batch).toList());
        List<Inbox.Pending> rows = group.size() == 1 ? group.getFirst().rows : group.stream().flatMap(m -> m.rows.stream()).toList();
        long backoff = 100;
        while (!dropping) {
            try {
                sessions.write(batch, rows);
                sessionizer.storedThrough(batch.number());
                record(stored, rows);
                unstored.addAndGet(-batch.events().size());
                group.forEach(Made::release);
                return;
            } catch (Sessions.AlreadyStored e) {
                log.info("Threat batches {} are another node's now; dropping what this node made since, to take them in again", e.inboxIds);
                dropping = true;
                forget = true;
            } catch (RuntimeException e) {
                log.warn("Could not store {} threat events, retrying in {} ms: {}", batch.events().size(), backoff, e.toString());
                if (!running) {
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        unstored.addAndGet(-batch.events().size());
        group.forEach(Made::drop);
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("An action after a stored threat batch failed: {}", e.toString());
        }
    }

    private static void record(Timer timer, List<Inbox.Pending> rows) {
        long now = System.nanoTime();
        for (Inbox.Pending pending : rows) {
            long nanos = now - pending.acceptedNanos();
            for (int i = 0; i < pending.events().size(); i++) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
