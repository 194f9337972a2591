package dev.arena.threats.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What one node does with the partitions at a heartbeat so that they end up shared fairly: every live node's
 * share is the number of partitions divided by the number of live nodes, the first nodes in name order taking
 * one more each while the division leaves some over. A node above its share gives up its highest partitions;
 * a node below it takes the lowest free ones (never held, given up, or whose lease ran out). Every node
 * computes its own plan from what it read; the lease table's conditional updates settle any disagreement, and
 * the plans of nodes that read the same table agree, so the shares settle within a heartbeat or two of a node
 * joining or dying.
 *
 * @param release partitions this node holds and gives up, so that a node below its share can take them
 * @param take    free partitions this node tries to take
 */
record LeasePlan(List<Integer> release, List<Integer> take) {

    /**
     * The plan of node {@code me}.
     *
     * @param alive      the nodes that renewed their presence in time ({@code me} counts whether or not it is among them)
     * @param holders    each partition whose lease has not run out, with its holder; the others are free
     * @param partitions how many partitions there are
     */
    static LeasePlan of(String me, Collection<String> alive, Map<Integer, String> holders, int partitions) {
        int share = shareOf(me, alive, partitions);
        List<Integer> held = holders.entrySet().stream().filter(e -> e.getValue().equals(me)).map(Map.Entry::getKey).sorted().toList();
        if (held.size() > share) {
            return new LeasePlan(held.subList(share, held.size()), List.of());
        }
        List<Integer> free = IntStream.range(0, partitions).filter(p -> !holders.containsKey(p)).limit(share - held.size()).boxed().toList();
        return new LeasePlan(List.of(), free);
    }

    /** How many partitions {@code me} should hold among {@code alive}. */
    static int shareOf(String me, Collection<String> alive, int partitions) {
        TreeSet<String> nodes = new TreeSet<>(alive);
        nodes.add(me);
        int index = nodes.headSet(me).size();
        return partitions / nodes.size() + (index < partitions % nodes.size() ? 1 : 0);
    }
}
