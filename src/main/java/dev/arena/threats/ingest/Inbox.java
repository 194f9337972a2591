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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bounded, durable queue between ingest and the pipeline. An accepted batch is written to the
 * {@code threat_inbox} table (one row, one statement) before it is acknowledged, then queued in memory for
 * this node's pipeline, which deletes the row in the transaction that stores the events. Rows a node left
 * behind (it died, or was stopped) are claimed again after {@code inbox-claim-timeout}, by any node.
 *
 * <p>Back-pressure: at most {@code max-queued} events may wait in memory; beyond it {@link #accept} refuses
 * with {@link TooManyRequests} (429 with {@code Retry-After}) and stores nothing, so nothing is lost silently.
 * A batch arriving at an empty queue is taken whatever its size.
 */
@Component("threatInbox")
public class Inbox {

    /**
     * The scope of Arena's own events that belong to no project (failed logins, rate limits): project 0, which
     * no project route names and which owns no responses.
     */
    public static final long ARENA_SCOPE = 0;

    private static final TypeReference<List<ThreatEvent>> EVENTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final JsonMapper json;
    private final ThreatSettings settings;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    /** Inbox rows this node holds in memory or is storing: the sweeper leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Counter refused;

    Inbox(JdbcClient jdbc, Ids ids, Clock clock, JsonMapper json, ThreatSettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.json = json;
        this.settings = settings;
        Gauge.builder("arena.threats.queue.depth", queued, AtomicLong::get)
                .description("threat events accepted and not yet stored by the pipeline").register(meters);
        this.refused = Counter.builder("arena.threats.ingest.refused").description("events refused because the queue was full")
                .register(meters);
    }

    /** An accepted batch of one project's events, waiting for the pipeline; {@code acceptedNanos} is {@link System#nanoTime()}. */
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
            enqueue(store(projectId, events));
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
        Pending pending = store(projectId, List.of(event));
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
     * Waits up to {@code timeoutMillis} for work, then takes whole batches up to about {@code maxEvents}
     * events (always at least one batch when any waits). Empty when nothing came.
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

    private Pending store(long projectId, List<ThreatEvent> events) {
        long id = ids.next();
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO threat_inbox (id, project_id, received_at, claimed_at, events, payload) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, projectId, Db.ts(now), Db.ts(now), events.size(), json.writeValueAsString(events)).update();
        return new Pending(id, projectId, events, System.nanoTime());
    }

    private void enqueue(Pending pending) {
        inFlight.add(pending.inboxId());
        queue.add(pending);
    }
}
