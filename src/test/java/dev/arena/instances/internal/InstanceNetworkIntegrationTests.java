package dev.arena.instances.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.NetworkSummary;
import dev.arena.support.ArenaTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The shared instance networks on the real engine: the default bridge when it isolates, else one network of
 * Arena's own per name, whoever creates it first.
 */
@ArenaTest
class InstanceNetworkIntegrationTests {

    @Autowired
    ContainerRuntime runtime;

    private final DockerClient engine = Players.engine();
    private final String name = "arena-net-test-" + Long.toString(System.nanoTime(), 36);

    @AfterEach
    void removeNetworks() {
        named(name).forEach(n -> engine.removeNetworkCmd(n.getId()).exec());
        named(name + "-outbound").forEach(n -> engine.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void concurrentFirstStartsCreateOneNetwork() throws Exception {
        Containers containers = containersOn(name, false);
        List<Callable<String>> calls = IntStream.range(0, 10).<Callable<String>>mapToObj(i -> () -> containers.network(false)).toList();
        List<String> ids;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ids = threads.invokeAll(calls).stream().map(InstanceNetworkIntegrationTests::result).toList();
        }

        assertThat(named(name)).hasSize(1);
        assertThat(ids).containsOnly(named(name).getFirst().getId());
        NetworkSummary created = runtime.network(ids.getFirst());
        assertThat(created.isolated()).as("inter-container traffic off").isTrue();
        assertThat(created.outbound()).as("no address translation").isFalse();
    }

    @Test
    void instancesWithoutOutboundTrafficJoinTheDefaultBridgeOnlyWhenItIsolatesThem() {
        NetworkSummary bridge = runtime.network(ContainerSpec.DEFAULT_NETWORK);
        boolean isolates = bridge.isolated() && !bridge.outbound();

        String chosen = containersOn(name, true).network(false);

        if (isolates) {
            assertThat(chosen).isEqualTo(ContainerSpec.DEFAULT_NETWORK);
            assertThat(named(name)).as("no network of its own").isEmpty();
        } else {
            assertThat(chosen).isEqualTo(named(name).getFirst().getId());
        }
        assertThat(containersOn(name, true).network(true)).as("outbound traffic needs Arena's own network")
                .isEqualTo(named(name + "-outbound").getFirst().getId());
        assertThat(runtime.network(containersOn(name, true).network(true)).outbound()).isTrue();
    }

    @Test
    void duplicatesLeftByAnotherNodeSettleOnTheSmallestIdAndTheRestAreRemoved() {
        for (int i = 0; i < 3; i++) {
            engine.createNetworkCmd().withName(name).withCheckDuplicate(false)
                    .withLabels(Map.of(ArenaLabels.ID, name, ArenaLabels.KIND, "instance-network")).exec();
        }
        String smallest = named(name).stream().map(Network::getId).sorted().findFirst().orElseThrow();

        assertThat(containersOn(name, false).network(false)).isEqualTo(smallest);
        assertThat(named(name)).extracting(Network::getId).containsExactly(smallest);
    }

    private static String result(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Containers containersOn(String network, boolean defaultBridge) {
        return new Containers(runtime, new InstancesSettings("localhost", 3, 200, Duration.ofSeconds(5), Duration.ofMinutes(10),
                "10/1m", Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofDays(90), "arena-test", network, defaultBridge, false,
                256, Duration.ofMinutes(30)));
    }

    private List<Network> named(String network) {
        return engine.listNetworksCmd().withNameFilter(network).exec().stream().filter(n -> n.getName().equals(network)).toList();
    }
}
