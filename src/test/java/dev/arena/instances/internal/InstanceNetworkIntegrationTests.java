package dev.arena.instances.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
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

/** The shared instance networks on the real engine: one per name, whoever creates it first. */
@ArenaTest
class InstanceNetworkIntegrationTests {

    @Autowired
    ContainerRuntime runtime;

    private final DockerClient engine = Players.engine();
    private final String name = "arena-net-test-" + Long.toString(System.nanoTime(), 36);

    @AfterEach
    void removeNetworks() {
        named(name).forEach(n -> engine.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void concurrentFirstStartsCreateOneNetwork() throws Exception {
        Containers containers = containersOn(name);
        List<Callable<String>> calls = IntStream.range(0, 10).<Callable<String>>mapToObj(i -> () -> containers.network(false)).toList();
        List<String> ids;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ids = threads.invokeAll(calls).stream().map(InstanceNetworkIntegrationTests::result).toList();
        }

        assertThat(named(name)).hasSize(1);
        assertThat(ids).containsOnly(named(name).getFirst().getId());
    }

    @Test
    void duplicatesLeftByAnotherNodeSettleOnTheSmallestIdAndTheRestAreRemoved() {
        for (int i = 0; i < 3; i++) {
            engine.createNetworkCmd().withName(name).withCheckDuplicate(false)
                    .withLabels(Map.of(ArenaLabels.ID, name, ArenaLabels.KIND, "instance-network")).exec();
        }
        String smallest = named(name).stream().map(Network::getId).sorted().findFirst().orElseThrow();

        assertThat(containersOn(name).network(false)).isEqualTo(smallest);
        assertThat(named(name)).extracting(Network::getId).containsExactly(smallest);
    }

    private static String result(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Containers containersOn(String network) {
        return new Containers(runtime, new InstancesSettings("localhost", 3, 200, Duration.ofSeconds(5), Duration.ofMinutes(10),
                "10/1m", Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofDays(90), "arena-test", network, 256,
                Duration.ofMinutes(30)));
    }

    private List<Network> named(String network) {
        return engine.listNetworksCmd().withNameFilter(network).exec().stream().filter(n -> n.getName().equals(network)).toList();
    }
}
