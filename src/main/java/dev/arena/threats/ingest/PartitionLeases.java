package dev.arena.threats.ingest;

import dev.arena.platform.Notices;
import dev.arena.threats.ThreatSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@link Partitions} this node works on. On PostgreSQL the nodes sharing the database lease them from the
 * {@code threat_partitions} table for {@code inbox-claim-timeout} at a time, renewed every third of that on
 * the {@code threats-partitions} thread, and share them fairly ({@link LeasePlan}): a node that joins or gives
 * partitions up says so on {@value #LEASES_CHANNEL}, and the others rebalance at once; a node that dies keeps
 * its partitions until its leases run out. A partition changes hands with a new epoch, which fences the
 * pipeline's writes ({@link #fence()}): a node that lost a partition, however late it notices, can no longer
 * store that partition's sessions. Times are the database's, so the nodes' clocks need not agree.
 *
 * <p>The inbox rows of a partition belong to its holder, which sweeps them into its memory when it takes the
 * partition, when a node that wrote some for it says so on {@value #INBOX_CHANNEL}, and every heartbeat in
 * case a notice was lost. On H2 there is one node: it holds every partition for good, all events fall into
 * partition 0 (so inbox rows are cut as before), nothing is leased or fenced, and the sweeps only find what
 * was left before a restart.
 */
@Component("threatPartitionLeases")
public class PartitionLeases implements SmartLifecycle {

    /** Notices naming, comma-separated, partitions some node wrote inbox rows for. */
    static final String INBOX_CHANNEL = "threat_inbox";
    /** Notices that a node joined or gave partitions up: time to rebalance. */
    static final String LEASES_CHANNEL = "threat_partitions";
    private static final Logger log = LoggerFactory.getLogger(PartitionLeases.class);
    /** How soon partitions whose rows did not fit in memory are swept again. */
    private static final long RESWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A lease's length in SQL, from a parameter in milliseconds. */
    private static final String LEASE = "CAST(? AS BIGINT) * INTERVAL '1 millisecond'";

    /** What takes a partition's inbox rows into this node's memory. */
    interface Sweeper {
        /** Queues the rows of {@code partitions} this node does not hold yet; whether some were left for want of room. */
        boolean sweep(Set<Integer> partitions);
    }

    private final JdbcClient jdbc;
    private final Notices notices;
    private final boolean acrossNodes;
    private final long leaseMillis;
    private final long beatNanos;
    private final String node = "node-" + UUID.randomUUID();
    /** Per partition, the epoch at which this node holds it, or -1. Replaced whole, never changed in place. */
    private volatile long[] epochs = new long[Partitions.COUNT];
    private final Set<Integer> unswept = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean rebalance = new AtomicBoolean();
    private Sweeper sweeper = partitions -> false;
    private volatile boolean running;
    private volatile Thread worker = Thread.currentThread();

    PartitionLeases(JdbcClient jdbc, Notices notices, ThreatSettings settings) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.acrossNodes = notices.acrossNodes();
        this.leaseMillis = settings.inboxClaimTimeout().toMillis();
        this.beatNanos = settings.inboxClaimTimeout().toNanos() / 3;
        Arrays.fill(epochs, acrossNodes ? -1 : 0);
        if (acrossNodes) {
            notices.subscribe(INBOX_CHANNEL, new Woken(payload -> sweepSoon(partitionsIn(payload))));
            notices.subscribe(LEASES_CHANNEL, new Woken(payload -> rebalanceSoon()));
        }
    }

    /** The partition of a source's events in a project on this node: {@link Partitions#of} when nodes share the database, else 0. */
    public int partitionOf(long projectId, String source) {
        return acrossNodes ? Partitions.of(projectId, source) : 0;
    }

    /** The epoch at which this node holds {@code partition}, or -1 when it does not. */
    public long epoch(int partition) {
        return epochs[partition];
    }

    /** This node's name in the lease tables. */
    public String node() {
        return node;
    }

    /**
     * The condition under which the pipeline deletes an inbox row, to be joined to its {@code DELETE} with
     * the row's partition, this node's name and the epoch it holds the partition at as parameters; {@code null}
     * when there is nothing to fence (H2: one node). The lease row stays locked until the write commits, so
     * that a node taking the partition over waits for it and then loads the sessions it wrote.
     */
    public @Nullable String fence() {
        return acrossNodes
                ? "EXISTS (SELECT 1 FROM threat_partitions WHERE partition_no = ? AND owner = ? AND epoch = ? FOR SHARE)"
                : null;
    }

    /** Sweeps rows with {@code sweeper}; the inbox calls it while the application starts. */
    void sweepWith(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    /** Has the given partitions swept soon, when this node holds them. */
    private void sweepSoon(Set<Integer> partitions) {
        unswept.addAll(partitions);
        LockSupport.unpark(worker);
    }

    /** Tells the holders of {@code partitions} that rows of theirs wait, never failing the caller. */
    void announce(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            notices.send(INBOX_CHANNEL, partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } catch (DataAccessException e) {
            log.debug("could not announce inbox rows of partitions {}; their holders find them by polling", partitions, e);
        }
    }

    @Override
    public void start() {
        running = true;
        unswept.addAll(IntStream.range(0, Partitions.COUNT).boxed().toList());
        worker = Thread.ofPlatform().daemon().name("threats-partitions").start(this::run);
    }

    /** Stops renewing and gives every partition up, so that the other nodes need not wait for the leases to run out. */
    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(worker);
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acrossNodes) {
            try {
                release(held());
                jdbc.sql("DELETE FROM threat_nodes WHERE node = ?").param(node).update();
            } catch (DataAccessException e) {
                log.warn("Could not give the threat partitions up; they are taken over within {} ms: {}", leaseMillis, e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the pipeline (which it outlives): the partitions are given up only once the pipeline stopped writing. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

    private void run() {
        long nextBeat = System.nanoTime();
        while (running) {
            if (rebalance.getAndSet(false) || System.nanoTime() - nextBeat >= 0) {
                beat();
                nextBeat = System.nanoTime() + beatNanos;
            }
            boolean more = sweep();
            LockSupport.parkNanos(more ? RESWEEP_NANOS : Math.max(0, nextBeat - System.nanoTime()));
        }
    }

    /** A heartbeat: renews, rebalances (across nodes), then has every held partition swept in case a notice was lost. */
    private void beat() {
        if (acrossNodes) {
            try {
                heartbeat();
            } catch (RuntimeException e) {
                log.warn("Could not renew the threat partitions' leases; the pipeline's writes are fenced if they run out: {}", e.toString());
            }
        }
        unswept.addAll(held());
    }

    private boolean sweep() {
        Set<Integer> due = new HashSet<>(unswept);
        unswept.removeAll(due);
        due.retainAll(held());
        if (due.isEmpty()) {
            return false;
        }
        try {
            if (sweeper.sweep(due)) {
                unswept.addAll(due);
                return true;
            }
        } catch (RuntimeException e) {
            log.warn("Could not sweep the inbox rows of partitions {}; trying again at the next heartbeat: {}", due, e.toString());
        }
        return false;
    }

    /** Renews this node and its leases, then gives up and takes partitions as its {@link LeasePlan} says. */
    void heartbeat() {
        if (jdbc.sql("UPDATE threat_nodes SET alive_until = now() + " + LEASE + " WHERE node = ?").params(leaseMillis, node).update() == 0) {
            jdbc.sql("INSERT INTO threat_partitions (partition_no, owner, epoch, leased_until) SELECT p, NULL, 0, now() FROM generate_series(0, ?) p"
                    + " ON CONFLICT DO NOTHING").param(Partitions.COUNT - 1).update();
            jdbc.sql("INSERT INTO threat_nodes (node, alive_until) VALUES (?, now() + " + LEASE + ")").params(node, leaseMillis).update();
            notices.send(LEASES_CHANNEL, node);
        }
        jdbc.sql("DELETE FROM threat_nodes WHERE alive_until < now() - " + LEASE).param(leaseMillis).update();
        jdbc.sql("UPDATE threat_partitions SET leased_until = now() + " + LEASE + " WHERE owner = ?").params(leaseMillis, node).update();
        Map<Integer, String> holders = new HashMap<>();
        Map<Integer, Long> read = new HashMap<>();
        long[] held = new long[Partitions.COUNT];
        Arrays.fill(held, -1);
        jdbc.sql("SELECT partition_no, owner, epoch, leased_until >= now() AS live FROM threat_partitions").query(rs -> {
            int partition = rs.getInt("partition_no");
            String owner = rs.getString("owner");
            read.put(partition, rs.getLong("epoch"));
            if (owner != null && rs.getBoolean("live")) {
                holders.put(partition, owner);
            }
            if (node.equals(owner)) {
                held[partition] = rs.getLong("epoch");
            }
        });
        epochs = held;
        List<String> alive = jdbc.sql("SELECT node FROM threat_nodes WHERE alive_until >= now()").query(String.class).list();
        LeasePlan plan = LeasePlan.of(node, alive, holders, Partitions.COUNT);
        release(Set.copyOf(plan.release()));
        for (int partition : plan.take()) {
            if (take(partition, read.get(partition))) {
                long[] taken = epochs.clone();
                taken[partition] = read.get(partition) + 1;
                epochs = taken;
                unswept.add(partition);
            }
        }
    }

    /** Takes a free partition at the epoch it was read with; false when another node was quicker. */
    private boolean take(int partition, long epoch) {
        return jdbc.sql("UPDATE threat_partitions SET owner = ?, epoch = epoch + 1, leased_until = now() + " + LEASE
                        + " WHERE partition_no = ? AND epoch = ? AND (owner IS NULL OR leased_until < now())")
                .params(node, leaseMillis, partition, epoch).update() == 1;
    }

    /**
     * Gives partitions up and tells the other nodes: this node stops queueing their rows first, and each update waits
     * for a write of the pipeline that holds the partition to commit.
     */
    private void release(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long[] now = epochs.clone();
        partitions.forEach(p -> now[p] = -1);
        epochs = now;
        for (int partition : partitions) {
            jdbc.sql("UPDATE threat_partitions SET owner = NULL, leased_until = now() WHERE partition_no = ? AND owner = ?")
                    .params(partition, node).update();
        }
        notices.send(LEASES_CHANNEL, node);
        log.info("Gave threat partitions {} up for other nodes", partitions);
    }

    private Set<Integer> held() {
        long[] now = epochs;
        return IntStream.range(0, now.length).filter(p -> now[p] >= 0).boxed().collect(Collectors.toSet());
    }

    private void rebalanceSoon() {
        rebalance.set(true);
        LockSupport.unpark(worker);
    }

    private static Set<Integer> partitionsIn(String payload) {
        Set<Integer> partitions = new HashSet<>();
        for (String part : payload.split(",")) {
            try {
                int partition = Integer.parseInt(part.strip());
                if (partition >= 0 && partition < Partitions.COUNT) {
                    partitions.add(partition);
                }
            } catch (NumberFormatException e) {
                log.debug("ignored a malformed partition in notice {}", payload);
            }
        }
        return partitions;
    }

    /** A subscriber that acts on what it hears, and when the node listens again acts as if every partition had news. */
    private final class Woken implements Notices.Subscriber {
        private final Consumer<String> action;

        Woken(Consumer<String> action) {
            this.action = action;
        }

        @Override
        public void heard(String payload) {
            action.accept(payload);
        }

        @Override
        public void listening() {
            rebalanceSoon();
        }
    }
}
