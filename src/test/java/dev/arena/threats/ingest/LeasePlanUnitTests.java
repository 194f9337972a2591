package dev.arena.threats.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the nodes share the partitions: fairly, settling within a few heartbeats, and never taking a held one. */
class LeasePlanUnitTests {

    private static final int PARTITIONS = Partitions.COUNT;

    /** The lease table as the nodes see it: partition to holder, for leases that have not run out. */
    private final Map<Integer, String> holders = new HashMap<>();

    @Test
    void aLoneNodeTakesEveryPartition() {
        LeasePlan plan = LeasePlan.of("a", List.of("a"), holders, PARTITIONS);

        assertThat(plan.take()).containsExactlyElementsOf(IntStream.range(0, PARTITIONS).boxed().toList());
        assertThat(plan.release()).isEmpty();
    }

    @Test
    void aNodeThatJoinsGetsHalfOnceTheHolderGaveItsHighestPartitionsUp() {
        holdAll("a");

        LeasePlan joining = LeasePlan.of("b", List.of("a", "b"), holders, PARTITIONS);
        LeasePlan holding = LeasePlan.of("a", List.of("a", "b"), holders, PARTITIONS);

        assertThat(joining.take()).as("nothing is free yet").isEmpty();
        assertThat(holding.release()).containsExactlyElementsOf(IntStream.range(32, 64).boxed().toList());
        holding.release().forEach(holders::remove);
        assertThat(LeasePlan.of("b", List.of("a", "b"), holders, PARTITIONS).take())
                .containsExactlyElementsOf(IntStream.range(32, 64).boxed().toList());
    }

    @Test
    void sharesDifferByOneAtMostAndAddUpToEveryPartition() {
        List<String> nodes = List.of("a", "b", "c");

        assertThat(nodes.stream().map(n -> LeasePlan.shareOf(n, nodes, PARTITIONS))).containsExactly(22, 21, 21);
        assertThat(LeasePlan.shareOf("d", nodes, PARTITIONS)).as("a node counts itself in").isEqualTo(16);
    }

    @Test
    void theSurvivorTakesTheDeadNodesPartitionsOnceTheirLeasesRanOut() {
        IntStream.range(0, 32).forEach(p -> holders.put(p, "a"));
        IntStream.range(32, 64).forEach(p -> holders.put(p, "b"));

        assertThat(LeasePlan.of("a", List.of("a"), holders, PARTITIONS).take()).as("b's leases still run").isEmpty();
        IntStream.range(32, 64).forEach(holders::remove);
        assertThat(LeasePlan.of("a", List.of("a"), holders, PARTITIONS).take())
                .containsExactlyElementsOf(IntStream.range(32, 64).boxed().toList());
    }

    @Test
    void nodesThatComeAndGoSettleOnFairSharesOfEveryPartition() {
        List<String> nodes = List.of("a", "b", "c", "d", "e");
        for (int alive = 1; alive <= nodes.size(); alive++) {
            settle(nodes.subList(0, alive));
        }
        for (int alive = nodes.size() - 1; alive >= 1; alive--) {
            List<String> left = nodes.subList(0, alive);
            holders.values().removeIf(holder -> !left.contains(holder));
            settle(left);
        }
    }

    /** Heartbeats of every node in turn until nothing changes; then each holds its share, and every partition is held. */
    private void settle(List<String> alive) {
        for (int round = 0; round < 10; round++) {
            Map<Integer, String> before = Map.copyOf(holders);
            for (String node : alive) {
                LeasePlan plan = LeasePlan.of(node, alive, holders, PARTITIONS);
                plan.release().forEach(holders::remove);
                plan.take().forEach(p -> assertThat(holders.putIfAbsent(p, node)).as("partition %d was free", p).isNull());
            }
            if (holders.equals(before)) {
                break;
            }
        }
        Map<String, Long> held = holders.values().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        assertThat(holders).hasSize(PARTITIONS);
        alive.forEach(node -> assertThat(held.get(node)).as(node + " of " + alive).isEqualTo(LeasePlan.shareOf(node, alive, PARTITIONS)));
    }

    private void holdAll(String node) {
        IntStream.range(0, PARTITIONS).forEach(p -> holders.put(p, node));
    }

    @Test
    void aSourcesPartitionIsTheSameOnEveryNodeAndSpreadsSources() {
        assertThat(Partitions.of(7, "192.0.2.1")).isEqualTo(Partitions.of(7, "192.0.2.1"));
        var used = IntStream.range(0, 1000).map(i -> Partitions.of(1, "10.0." + i / 256 + "." + i % 256)).boxed().collect(Collectors.toSet());
        assertThat(used).hasSize(PARTITIONS);
    }
}
