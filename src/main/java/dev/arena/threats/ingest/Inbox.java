package dev.arena.threats.ingest;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.TooManyRequests;
import dev.arena.threats.ThreatSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bounded, durable queue between ingest and the pipeline. An accepted batch is written to the
 * {@code threat_inbox} table before it is acknowledged — as rows of at most {@value #ROW_EVENTS} events of one
 * partition each ({@link PartitionLeases#partitionOf}), in one transaction and one JDBC batch — then the rows
 * of partitions this node holds are queued in memory for its pipeline, which deletes a row in the transaction
 * that stores its events. The rows of partitions another node holds stay in the table for it, and a notice
 * sent with the transaction has it sweep them in at once. The rows are the grain at which the pipeline cuts
 * its batches: a large request's first events are stored and decided on while its last ones wait, instead of
 * all of them waiting for the whole request. Rows a node left behind (it died, was stopped, or lost their
 * partition) are swept in by their partition's next holder ({@link #reclaim}).
 *
 * <p>Back-pressure: at most {@code max-queued} events may wait in memory; beyond it {@link #accept} refuses
 * with {@link TooManyRequests} (429 with {@code Retry-After}) and stores nothing, so nothing is lost silently.
 * A batch arriving at an empty queue is taken whatever its size. A sweep takes rows only while there is room;
 * the rest wait in the table, so a node that ingests for another node's partitions does not bound them.
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

    /** Rows per {@code IN} list of a sweep. */
    private static final int CHUNK = 500;

    private static final TypeReference<List<ThreatEvent>> EVENTS = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate named;
    private final JdbcTemplate batches;
    private final TransactionTemplate tx;
    private final Ids ids;
    private final Clock clock;
    private final JsonMapper json;
    private final ThreatSettings settings;
    private final PartitionLeases partitions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    /** Inbox rows this node holds in memory or is storing: the sweeper leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Counter refused;

    Inbox(JdbcTemplate batches, TransactionTemplate tx, Ids ids, Clock clock, JsonMapper json, ThreatSettings settings,
          PartitionLeases partitions, MeterRegistry meters) {
        this.named = new NamedParameterJdbcTemplate(batches);
        this.batches = batches;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.json = json;
        this.settings = settings;
        this.partitions = partitions;
        partitions.sweepWith(this::sweep);
        Gauge.builder("arena.threats.queue.depth", this, Inbox::waiting)
                .description("threat events accepted and not yet stored by the pipeline").register(meters);
        this.refused = Counter.builder("arena.threats.ingest.refused").description("events refused because the queue was full")
                .register(meters);
    }

    /**
     * One inbox row of a project's accepted events of one partition, waiting for the pipeline; {@code epoch} is the
     * epoch at which this node held the partition when the pipeline took the row; {@code acceptedNanos} is
     * {@link System#nanoTime()}.
     */
    public record Pending(long inboxId, long projectId, int partition, long epoch, List<ThreatEvent> events, long acceptedNanos) {

        Pending at(long epoch) {
            return new Pending(inboxId, projectId, partition, epoch, events, acceptedNanos);
        }
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
        List<Pending> held;
        try {
            held = store(projectId, events);
        } catch (RuntimeException e) {
            queued.addAndGet(-events.size());
            throw e;
        }
        queued.addAndGet(held.stream().mapToInt(p -> p.events().size()).sum() - events.size());
        queue.addAll(held);
    }

    /**
     * Stores one of Arena's own events, never refused: they are few, and dropping them would hide an
     * attack on Arena itself. Inside a transaction the row commits with it and is queued after the commit.
     */
    public void record(long projectId, ThreatEvent event) {
        List<Pending> held = store(projectId, List.of(event));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        queue(held);
                    } else {
                        held.forEach(p -> inFlight.remove(p.inboxId()));
                    }
                }
            });
        } else {
            queue(held);
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
        List<Pending> others = new ArrayList<>();
        int events = take(first, taken, others);
        Pending next;
        while ((next = queue.peek()) != null && events + next.events().size() <= maxEvents) {
            events += take(queue.remove(), taken, others);
        }
        if (!others.isEmpty()) {
            passOn(others);
        }
        return taken;
    }

    /**
     * Adds the row to {@code taken} at the epoch this node holds its partition at now, or to {@code others} when
     * this node no longer holds it (it is left to the holder). How many events were taken.
     */
    private int take(Pending pending, List<Pending> taken, List<Pending> others) {
        long epoch = partitions.epoch(pending.partition());
        if (epoch < 0) {
            others.add(pending);
            return 0;
        }
        taken.add(pending.at(epoch));
        return pending.events().size();
    }

    /** Events accepted on this node and not yet done with by the pipeline: waiting, being stored, or handed over. */
    public long waiting() {
        return queued.get();
    }

    /** The pipeline is done with these batches: stored. */
    public void done(List<Pending> batches) {
        for (Pending pending : batches) {
            inFlight.remove(pending.inboxId());
            queued.addAndGet(-pending.events().size());
        }
    }

    /**
     * The pipeline leaves these batches: another node stored them, or holds their partition now. Their
     * partitions' holders are told, in case the rows are still there.
     */
    public void passOn(List<Pending> batches) {
        done(batches);
        partitions.announce(batches.stream().map(Pending::partition).collect(Collectors.toSet()));
    }

    /**
     * Queues the inbox rows of every partition this node holds that it does not hold in memory yet — left by a
     * node that died, was stopped or gave the partition up, by this node before a restart, or written for this
     * node by another — as far as there is room. Runs at start-up, when this node takes a partition, when a
     * notice says rows came, and every third of {@code inbox-claim-timeout}; this is the same at once.
     */
    public void reclaim() {
        sweep(IntStream.range(0, Partitions.COUNT).filter(p -> partitions.epoch(p) >= 0).boxed().collect(Collectors.toSet()));
    }

    /** Queues the rows of {@code held} partitions not in memory yet, oldest first, while there is room; whether some were left. */
    synchronized boolean sweep(Set<Integer> held) {
        record Row(long id, int events) {
        }
        List<Row> waiting = held.isEmpty() ? List.of()
                : named.query("SELECT id, events FROM threat_inbox WHERE partition_no IN (:partitions) ORDER BY id",
                        Map.of("partitions", held), (rs, n) -> new Row(rs.getLong("id"), rs.getInt("events")));
        long room = settings.maxQueued() - queued.get();
        List<Long> wanted = new ArrayList<>();
        boolean left = false;
        for (Row row : waiting) {
            if (inFlight.contains(row.id())) {
                continue;
            }
            // As at ingest, a row arriving at an empty queue is taken whatever its size.
            if (row.events() > room && !(wanted.isEmpty() && queued.get() == 0)) {
                left = true;
                break;
            }
            wanted.add(row.id());
            room -= row.events();
        }
        for (int from = 0; from < wanted.size(); from += CHUNK) {
            named.query("SELECT id, project_id, partition_no, payload FROM threat_inbox WHERE id IN (:ids)",
                    Map.of("ids", wanted.subList(from, Math.min(wanted.size(), from + CHUNK))), (RowCallbackHandler) rs -> {
                        long id = rs.getLong("id");
                        if (inFlight.add(id)) {
                            List<ThreatEvent> events = json.readValue(rs.getString("payload"), EVENTS);
                            queued.addAndGet(events.size());
                            int partition = rs.getInt("partition_no");
                            queue.add(new Pending(id, rs.getLong("project_id"), partition, partitions.epoch(partition), events, System.nanoTime()));
                        }
                    });
        }
        return left;
    }

    /**
     * Stores the events as rows of at most {@value #ROW_EVENTS} of one partition each, in one transaction (or the
     * caller's), and tells the holders of the partitions this node does not hold. Returns the rows this node
     * holds, marked in memory before they are written so that no sweep takes them a second time.
     */
    private List<Pending> store(long projectId, List<ThreatEvent> events) {
        record Row(long id, int partition, long epoch, List<ThreatEvent> events) {
        }
        Map<Integer, List<ThreatEvent>> byPartition = new LinkedHashMap<>();
        for (ThreatEvent event : events) {
            byPartition.computeIfAbsent(partitions.partitionOf(projectId, event.source()), p -> new ArrayList<>()).add(event);
        }
        List<Row> rows = new ArrayList<>();
        byPartition.forEach((partition, of) -> {
            for (int from = 0; from < of.size(); from += ROW_EVENTS) {
                rows.add(new Row(ids.next(), partition, partitions.epoch(partition), List.copyOf(of.subList(from, Math.min(of.size(), from + ROW_EVENTS)))));
            }
        });
        List<Row> held = rows.stream().filter(row -> row.epoch() >= 0).toList();
        Set<Integer> others = rows.stream().filter(row -> row.epoch() < 0).map(Row::partition).collect(Collectors.toSet());
        held.forEach(row -> inFlight.add(row.id()));
        var now = Db.ts(clock.instant());
        try {
            tx.executeWithoutResult(status -> {
                batches.batchUpdate("INSERT INTO threat_inbox (id, project_id, partition_no, received_at, events, payload) VALUES (?, ?, ?, ?, ?, ?)",
                        rows, rows.size(), (ps, row) -> {
                            ps.setLong(1, row.id());
                            ps.setLong(2, projectId);
                            ps.setInt(3, row.partition());
                            ps.setObject(4, now);
                            ps.setInt(5, row.events().size());
                            ps.setString(6, json.writeValueAsString(row.events()));
                        });
                partitions.announce(others);
            });
        } catch (RuntimeException e) {
            held.forEach(row -> inFlight.remove(row.id()));
            throw e;
        }
        long acceptedNanos = System.nanoTime();
        return held.stream().map(row -> new Pending(row.id(), projectId, row.partition(), row.epoch(), row.events(), acceptedNanos)).toList();
    }

    /** Queues rows this node holds in memory already. */
    private void queue(List<Pending> held) {
        queued.addAndGet(held.stream().mapToInt(p -> p.events().size()).sum());
        queue.addAll(held);
    }
}
