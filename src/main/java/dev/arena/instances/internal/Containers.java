package dev.arena.instances.internal;

import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerPort;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.NetworkSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Instance containers on the engine. Every instance joins one of two shared bridge networks whose
 * containers cannot reach each other (inter-container communication off): {@code <network>} without
 * outbound traffic (no address translation, so nothing beyond the host answers) and
 * {@code <network>-outbound} for challenges that allow it. Published ports work on both. A shared network
 * costs nothing per instance, where a network per instance measured ~0.5 s more per start and stop here.
 */
@Component
class Containers {

    static final String KIND = "instance";
    static final String DEPLOYMENT = "arena.deployment";
    static final String CHALLENGE = "arena.challenge";

    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    private final ContainerRuntime runtime;
    private final InstancesSettings settings;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    Containers(ContainerRuntime runtime, InstancesSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    /** Creates the instance's container with its flag delivered; returns the container id. */
    String create(Challenge challenge, Instance instance) {
        String network = network(challenge.allowOutbound());
        try {
            return runtime.create(spec(challenge, instance, network));
        } catch (ContainerRuntimeException.NotFound networkGone) {
            ensured.remove(network);
            return runtime.create(spec(challenge, instance, network(challenge.allowOutbound())));
        }
    }

    /** Starts a created container and returns where its ports are published. */
    List<Instance.Port> start(String containerId, List<Integer> ports) {
        runtime.start(containerId);
        ContainerInfo info = runtime.inspect(containerId);
        return ports.stream().map(p -> new Instance.Port(p, info.published(p)
                .orElseThrow(() -> new ContainerRuntimeException.EngineError("port " + p + " was not published", new IllegalStateException()))
                .hostPort())).toList();
    }

    /** Removes a container; one that is already gone is no failure. */
    void remove(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (ContainerRuntimeException.NotFound gone) {
            // Removed already: what we wanted.
        }
    }

    /** Removes a container, logging instead of failing: reconciliation removes what this leaves behind. */
    void removeQuietly(String containerId) {
        try {
            remove(containerId);
        } catch (ContainerRuntimeException e) {
            log.warn("Could not remove container {} ({}); reconciliation will", containerId, e.getMessage());
        }
    }

    /** Labels that select every instance container of any Arena deployment on this engine. */
    static Map<String, String> allInstances() {
        return Map.of(ArenaLabels.KIND, KIND);
    }

    private ContainerSpec spec(Challenge challenge, Instance instance, String network) {
        var labels = new ArenaLabels(KIND, Long.toString(instance.id()), Long.toString(instance.projectId()), instance.owner());
        var spec = ContainerSpec.builder(challenge.image(), labels)
                .name("arena-instance-" + instance.id())
                .label(DEPLOYMENT, settings.deployment())
                .label(CHALLENGE, Long.toString(challenge.id()))
                .memoryBytes((long) challenge.memoryMib() << 20)
                .cpus(challenge.cpus())
                .pidsLimit(settings.pidsLimit())
                .tmpfs("/tmp", 16L << 20)
                .network(network);
        challenge.ports().forEach(p -> spec.port(ContainerPort.tcp(p)));
        challenge.env().forEach(spec::env);
        if (!challenge.command().isEmpty()) {
            spec.cmd(challenge.command().toArray(String[]::new));
        }
        if (challenge.flagFile() != null) {
            spec.file(ContainerFile.text(challenge.flagFile(), instance.flag() + "\n"));
        } else if (challenge.flagEnv() != null) {
            spec.env(challenge.flagEnv(), instance.flag());
        }
        return spec.build();
    }

    private String network(boolean outbound) {
        String name = outbound ? settings.network() + "-outbound" : settings.network();
        if (ensured.contains(name)) {
            return name;
        }
        var labels = new ArenaLabels("instance-network", name, "all", settings.deployment());
        boolean exists = runtime.networks(Map.of(ArenaLabels.ID, name)).stream().anyMatch(n -> n.name().equals(name));
        if (!exists) {
            try {
                runtime.createNetwork(new NetworkSpec(name, labels, false, true, outbound));
            } catch (ContainerRuntimeException.Conflict raced) {
                // Another node or request created it first.
            }
        }
        ensured.add(name);
        return name;
    }
}
