package dev.arena.threats.ingest;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.TooManyRequests;
import dev.arena.threats.ThreatSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bounded, durable queue between ingest and the pipeline. An accepted batch is written to the
 * {@code threat_inbox} table before it is acknowledged — as rows of at most {@value #ROW_EVENTS} events, in one
 * transaction and one JDBC batch — then queued in memory for this node's pipeline, which deletes a row in the
 * transaction that stores its events. The rows are the grain at which the pipeline cuts its batches: a large
 * request's first events are stored and decided on while its last ones wait, instead of all of them waiting
 * for the whole request. Rows a node left behind (it died, or was stopped) are claimed again after
 * {@code inbox-claim-timeout}, by any node.
 *
 * <p>Back-pressure: at most {@code max-queued} events may wait in memory; beyond it {@link #accept} refuses
 * with {@link TooManyRequests} (429 with {@code Retry-After}) and stores nothing, so nothing is lost silently.
 * A batch arriving at an empty queue is taken whatever its size.
 */
@Component("threatInbox")
public class Inbox {

    /**
     * The scope of Arena's own events that belong to no project (failed logins, rate limits): project 0, which
     * has no projects row; its threats (sessions, blocks, policies) are read and answered by Arena's operators.
     */
    public static final long ARENA_SCOPE = 0;

    /** The most events in one inbox row (and so in one {@link Pending}). */
    public static final int ROW_EVENTS = 100;

    private static final TypeReference<List<ThreatEvent>> EVENTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate tx;
    private final Ids ids;
    private final Clock clock;
    private final JsonMapper json;
    private final ThreatSettings settings;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    /** Inbox rows this node holds in memory or is storing: the sweeper leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Counter refused;

    Inbox(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate tx, Ids ids, Clock clock, JsonMapper json, ThreatSettings settings,
          MeterRegistry meters) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.json = json;
        this.settings = settings;
        Gauge.builder("arena.threats.queue.depth", this, Inbox::waiting)
                .description("threat events accepted and not yet stored by the pipeline").register(meters);
        this.refused = Counter.builder("arena.threats.ingest.refused").description("events refused because the queue was full")
                .register(meters);
    }

    /** One inbox row of a project's accepted events, waiting for the pipeline; {@code acceptedNanos} is {@link System#nanoTime()}. */
    public record Pending(long inboxId, long projectId, List<ThreatEvent> events, long acceptedNanos) {
    }

    /**
     * Stores a batch durably and queues it for the pipeline.
     *
     * @throws TooManyRequests when the queue is full; nothing of the batch was stored
     */
    public void accept(long projectId, List<ThreatEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long before = queued.getAndAdd(events.size());
        if (before > 0 && before + events.size() > settings.maxQueued()) {
            queued.addAndGet(-events.size());
            refused.increment(events.size());
            throw new TooManyRequests("threat-ingest", settings.retryAfter());
        }
        try {
            store(projectId, events).forEach(this::enqueue);
        } catch (RuntimeException e) {
            queued.addAndGet(-events.size());
            throw e;
        }
    }

    /**
     * Stores one of Arena's own events, never refused: they are few, and dropping them would hide an
     * attack on Arena itself. Inside a transaction the row commits with it and is queued after the commit.
     */
    public void record(long projectId, ThreatEvent event) {
        Pending pending = store(projectId, List.of(event)).getFirst();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    queued.addAndGet(1);
                    enqueue(pending);
                }
            });
        } else {
            queued.addAndGet(1);
            enqueue(pending);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for work, then takes the rows waiting now, whole, up to {@code maxEvents}
     * events (always at least one row when any waits); it never waits for more. Empty when nothing came.
     */
    public List<Pending> poll(int maxEvents, long timeoutMillis) throws InterruptedException {
        Pending first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Pending> taken = new ArrayList<>();
        taken.add(first);
        int events = first.events().size();
        Pending next;
        while ((next = queue.peek()) != null && events + next.events().size() <= maxEvents) {
            taken.add(queue.remove());
            events += next.events().size();
        }
        return taken;
    }

    /** Events accepted on this node and not yet done with by the pipeline: waiting, being stored, or handed over. */
    public long waiting() {
        return queued.get();
    }

    /** The pipeline is done with these batches (stored, or found already stored by another node). */
    public void done(List<Pending> batches) {
        for (Pending pending : batches) {
            inFlight.remove(pending.inboxId());
            queued.addAndGet(-pending.events().size());
        }
    }

    /**
     * Claims inbox rows whose claim is older than {@code inbox-claim-timeout} — left by a node that died,
     * or by this node before a restart — and queues them here. Runs at start-up and then every
     * {@code inbox-claim-timeout}.
     *
     * @return how many batches were claimed
     */
    @Scheduled(initialDelay = 0, fixedDelayString = "${arena.threats.inbox-claim-timeout:PT1M}")
    public int reclaim() {
        Instant now = clock.instant();
        List<Long> stale = jdbc.sql("SELECT id FROM threat_inbox WHERE claimed_at < ? ORDER BY id")
                .param(Db.ts(now.minus(settings.inboxClaimTimeout()))).query(Long.class).list();
        int claimed = 0;
        for (long id : stale) {
            if (inFlight.contains(id)) {
                continue;
            }
            Pending pending = claim(id, now);
            if (pending != null) {
                queued.addAndGet(pending.events().size());
                enqueue(pending);
                claimed++;
            }
        }
        return claimed;
    }

    private @Nullable Pending claim(long id, Instant now) {
        int won = jdbc.sql("UPDATE threat_inbox SET claimed_at = ? WHERE id = ? AND claimed_at < ?")
                .params(Db.ts(now), id, Db.ts(now.minus(settings.inboxClaimTimeout()))).update();
        if (won == 0) {
            return null;
        }
        return jdbc.sql("SELECT project_id, payload FROM threat_inbox WHERE id = ?").param(id)
                .query((rs, n) -> new Pending(id, rs.getLong("project_id"), json.readValue(rs.getString("payload"), EVENTS), System.nanoTime()))
                .optional().orElse(null);
    }

    /** Stores the events as rows of at most {@value #ROW_EVENTS}, in one transaction (or the caller's). */
    private List<Pending> store(long projectId, List<ThreatEvent> events) {
        record Row(long id, List<ThreatEvent> events) {
        }
        List<Row> rows = new ArrayList<>();
        for (int from = 0; from < events.size(); from += ROW_EVENTS) {
            rows.add(new Row(ids.next(), List.copyOf(events.subList(from, Math.min(events.size(), from + ROW_EVENTS)))));
        }
        var now = Db.ts(clock.instant());
        tx.executeWithoutResult(status -> batches.batchUpdate(
                "INSERT INTO threat_inbox (id, project_id, received_at, claimed_at, events, payload) VALUES (?, ?, ?, ?, ?, ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setLong(1, row.id());
                    ps.setLong(2, projectId);
                    ps.setObject(3, now);
                    ps.setObject(4, now);
                    ps.setInt(5, row.events().size());
                    ps.setString(6, json.writeValueAsString(row.events()));
                }));
        long acceptedNanos = System.nanoTime();
        return rows.stream().map(row -> new Pending(row.id(), projectId, row.events(), acceptedNanos)).toList();
    }

    private void enqueue(Pending pending) {
        inFlight.add(pending.inboxId());
        queue.add(pending);
    }
}
