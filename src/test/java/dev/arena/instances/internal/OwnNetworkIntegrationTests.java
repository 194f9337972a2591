package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.fetch;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** {@code arena.instances.network-per-instance}: each instance on a network of its own, gone with it. */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"arena.instances.network-per-instance=true", "arena.instances.deployment=own-network-test",
        "arena.instances.cooldown=0s"})
class OwnNetworkIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    InstancesSettings settings;

    @Autowired
    Reconciler reconciler;

    @Autowired
    ContainerRuntime runtime;

    private final DockerClient engine = Players.engine();

    @AfterAll
    void cleanUp() {
        Players.cleanUp(engine, settings.deployment());
        ownNetworks().forEach(n -> engine.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void eachInstanceHasANetworkOfItsOwnThatGoesWithIt() throws Exception {
        Api alice = Api.signedIn(port, "alice");
        String project = alice.createProject(alice.createOrg("Own networks"), "own");
        String challenges = "/v1/projects/" + project + "/challenges/";
        String base = challenges + createChallenge(alice, project, webChallenge("own", Map.of())) + "/instance";
        String other = challenges + createChallenge(alice, project, webChallenge("other", Map.of())) + "/instance";

        var first = alice.post(base, null);
        var second = alice.post(other, null);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        String firstName = "arena-instance-" + first.text("id");
        String secondName = "arena-instance-" + second.text("id");

        for (String name : List.of(firstName, secondName)) {
            var networks = engine.inspectContainerCmd(name).exec().getNetworkSettings().getNetworks();
            assertThat(networks).as("only its own network").containsOnlyKeys(name);
            assertThat(runtime.network(name).isolated()).isTrue();
            assertThat(runtime.network(name).outbound()).isFalse();
        }
        assertThat(fetch(first.json().path("ports").get(0).path("hostPort").asInt(), "/flag.txt")).startsWith("flag{web_");

        assertThat(alice.delete(base).status()).isEqualTo(204);
        assertThat(ownNetworks()).extracting(Network::getName).as("its network went with it").doesNotContain(firstName).contains(secondName);

        // As a node that stopped between removing a container and its network leaves it:
        String abandoned = engine.createNetworkCmd().withName("arena-instance-0").withLabels(Map.of(
                ArenaLabels.KIND, Containers.OWN_NETWORK_KIND, ArenaLabels.OWNER, settings.deployment())).exec().getId();
        assertThat(reconciler.reconcile().networksRemoved()).isEqualTo(1);
        assertThat(ownNetworks()).extracting(Network::getId).doesNotContain(abandoned);
        assertThat(ownNetworks()).extracting(Network::getName).as("a live instance keeps its network").contains(secondName);
    }

    private List<Network> ownNetworks() {
        return engine.listNetworksCmd().withFilter("label", List.of(ArenaLabels.KIND + "=" + Containers.OWN_NETWORK_KIND,
                ArenaLabels.OWNER + "=" + settings.deployment())).exec();
    }
}
