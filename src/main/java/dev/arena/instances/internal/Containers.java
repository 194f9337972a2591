package dev.arena.instances.internal;

import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerPort;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.runtime.spi.NetworkSpec;
import dev.arena.runtime.spi.NetworkSummary;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Instance containers on the engine. Every instance joins a shared bridge network whose containers cannot
 * reach each other (inter-container communication off): without outbound traffic (no address translation,
 * so nothing beyond the host answers) the engine's default bridge when it is configured that way
 * ({@code arena.instances.default-bridge}), else {@code <network>}; and {@code <network>-outbound} for
 * challenges that allow it. Published ports work on all of them. A shared network costs nothing per
 * instance, where a network per instance measured ~0.5 s more per start and stop here; and a network of
 * Arena's own costs each start ~200 ms more than the default bridge (the engine sets up its embedded DNS).
 */
@Component
class Containers {

    static final String KIND = "instance";
    /**
     * Warm-pool containers: created with an empty placeholder for the flag file; a start takes one, records
     * its id on the instance and replaces the placeholder with the flag. It keeps its pool name and labels
     * (renaming it would cost a start an engine call).
     */
    static final String POOL_KIND = "instance-pool";
    static final String DEPLOYMENT = "arena.deployment";
    static final String CHALLENGE = "arena.challenge";

    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    private static final String INSTANCE_NAME = "arena-instance-";
    private static final Duration BRIDGE_RECHECK = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Networks of one container each ({@code arena.instances.network-per-instance}), named after it. */
    static final String OWN_NETWORK_KIND = "instance-own-network";

    private final ContainerRuntime runtime;
    private final InstancesSettings settings;
    /** The own network of each container this node made on one, by container id, until the container is removed. */
    private final Map<String, String> ownNetworks = new ConcurrentHashMap<>();
    /** Names of own networks this node is making a container for. */
    private final Set<String> creatingOnOwnNetwork = ConcurrentHashMap.newKeySet();
    /** The id of each shared network by name, once this node has made sure it exists. */
    private final Map<String, String> ensured = new ConcurrentHashMap<>();
    private volatile @Nullable BridgeCheck bridge;

    Containers(ContainerRuntime runtime, InstancesSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    /** Creates the instance's container with its flag delivered (as a file or in the environment); returns the container id. */
    String create(Challenge challenge, Instance instance) {
        var labels = new ArenaLabels(KIND, Long.toString(instance.id()), Long.toString(instance.projectId()), instance.owner());
        return create(challenge, name(instance.id()), network -> {
            var spec = spec(challenge, labels, name(instance.id()), network);
            if (challenge.flagFile() != null) {
                spec.file(flagFile(challenge.flagFile(), instance));
            } else if (challenge.flagEnv() != null) {
                spec.env(challenge.flagEnv(), instance.flag());
            }
            return spec.build();
        });
    }

    /**
     * Creates a warm-pool container of a challenge: its exact spec, with an empty placeholder where the flag
     * file goes; returns the container id.
     *
     * @param pool the id of the pool that keeps it (its {@code arena.id} label)
     */
    String createPooled(Challenge challenge, String pool) {
        ContainerFile placeholder = placeholder(Objects.requireNonNull(challenge.flagFile(), "only challenges with a flag file are pooled"));
        var labels = new ArenaLabels(POOL_KIND, pool, Long.toString(challenge.projectId()), "pool");
        String name = "arena-pool-" + challenge.id() + "-" + HexFormat.of().formatHex(random());
        return create(challenge, name, network -> spec(challenge, labels, name, network).file(placeholder).build());
    }

    /**
     * Replaces a started warm-pool container's placeholder with another, the way {@link #writeFlag} will
     * replace it with a flag, so that a container whose flag cannot be written never waits in the pool.
     */
    void probeFlagFile(String containerId, String flagFile) {
        runtime.replaceFile(containerId, placeholder(flagFile));
    }

    /**
     * Writes the instance's flag into a warm-pool container it took, over the placeholder: without the engine
     * when the engine runs on this host (see {@link ContainerRuntime#replaceFile}).
     */
    void writeFlag(String containerId, Instance instance, String flagFile) {
        runtime.replaceFile(containerId, flagFile(flagFile, instance));
    }

    /**
     * Confirms that a container still runs, e.g. a warm-pool container about to be handed over.
     *
     * @throws ContainerRuntimeException.Conflict if it does not
     */
    void requireRunning(String containerId) {
        if (!runtime.inspect(containerId).running()) {
            throw new ContainerRuntimeException.Conflict("container " + containerId + " is not running", new IllegalStateException());
        }
    }

    private static ContainerFile flagFile(String path, Instance instance) {
        return ContainerFile.text(path, instance.flag() + "\n");
    }

    private static ContainerFile placeholder(String flagFile) {
        return ContainerFile.text(flagFile, "");
    }

    private static byte[] random() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String name(long instanceId) {
        return INSTANCE_NAME + instanceId;
    }

    /**
     * Creates a container on a network of its own, or on the challenge's shared network (once more if that
     * network vanished).
     */
    private String create(Challenge challenge, String name, Function<String, ContainerSpec> spec) {
        if (settings.networkPerInstance()) {
            return createOnOwnNetwork(challenge, name, spec);
        }
        String network = network(challenge.allowOutbound());
        try {
            return runtime.create(spec.apply(network));
        } catch (ContainerRuntimeException.NotFound networkGone) {
            ensured.values().remove(network);
            return runtime.create(spec.apply(network(challenge.allowOutbound())));
        }
    }

    /**
     * Makes a network for the container alone, named after it (inter-container traffic off, outbound traffic
     * only if the challenge allows it), and the container on it. The network goes with the container
     * ({@link #remove}), or with the reconciler's next pass when this node stopped between the two.
     */
    private String createOnOwnNetwork(Challenge challenge, String name, Function<String, ContainerSpec> spec) {
        creatingOnOwnNetwork.add(name);
        try {
            String network = runtime.createNetwork(new NetworkSpec(name,
                    new ArenaLabels(OWN_NETWORK_KIND, name, Long.toString(challenge.projectId()), settings.deployment()),
                    false, true, challenge.allowOutbound()));
            try {
                String id = runtime.create(spec.apply(network));
                ownNetworks.put(id, network);
                return id;
            } catch (RuntimeException e) {
                removeNetworkQuietly(network);
                throw e;
            }
        } finally {
            creatingOnOwnNetwork.remove(name);
        }
    }

    /**
     * Removes own networks of this deployment that no instance or pool container is named after: left by a
     * container removed without this class (a warm pool's) or by a node that stopped between removing a
     * container and its network. Networks are listed first, then the ones this node is making a container
     * for, then the containers, so a container made meanwhile on this node is seen; one made by another node in
     * those milliseconds could lose its network before it starts. Returns how many were removed.
     */
    int removeAbandonedNetworks() {
        List<NetworkSummary> networks = runtime.networks(Map.of(ArenaLabels.KIND, OWN_NETWORK_KIND, ArenaLabels.OWNER, settings.deployment()));
        if (networks.isEmpty()) {
            return 0;
        }
        Set<String> creating = Set.copyOf(creatingOnOwnNetwork);
        List<ContainerSummary> existing = runtime.list(ofThisDeployment());
        Set<String> names = existing.stream().map(ContainerSummary::name).collect(Collectors.toSet());
        ownNetworks.keySet().retainAll(existing.stream().map(ContainerSummary::id).collect(Collectors.toSet()));
        int removed = 0;
        for (NetworkSummary network : networks) {
            if (!names.contains(network.name()) && !creating.contains(network.name()) && removeNetworkQuietly(network.id())) {
                removed++;
            }
        }
        return removed;
    }

    private boolean removeNetworkQuietly(String networkId) {
        try {
            runtime.removeNetwork(networkId);
            return true;
        } catch (ContainerRuntimeException.NotFound gone) {
            return false;
        } catch (ContainerRuntimeException e) {
            log.warn("Could not remove instance network {} ({}); reconciliation will", networkId, e.getMessage());
            return false;
        }
    }

    void start(String containerId) {
        runtime.start(containerId);
    }

    /** Where a started container's ports are published. */
    List<Instance.Port> published(String containerId, List<Integer> ports) {
        ContainerInfo info = runtime.inspect(containerId);
        return ports.stream().map(p -> new Instance.Port(p, info.published(p)
                .orElseThrow(() -> new ContainerRuntimeException.EngineError("port " + p + " was not published", new IllegalStateException()))
                .hostPort())).toList();
    }

    /** Removes a container, and its own network if it has one; one that is already gone is no failure. */
    void remove(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (ContainerRuntimeException.NotFound gone) {
            // Removed already: what we wanted.
        }
        String network = ownNetworks.remove(containerId);
        if (network != null) {
            removeNetworkQuietly(network);
        }
    }

    /**
     * Runs {@code action} on every item, as many at once as the engine takes calls, and returns when all are done.
     * Each action makes engine calls (removing a container, say): more at once would only wait in the runtime's
     * line, and with hundreds waiting the last would time out there. An action that throws is logged (without
     * the item, which may hold a flag), and the others go on.
     */
    <T> void eachAtEngineWidth(String what, Collection<T> items, Consumer<T> action) {
        Queue<T> left = new ConcurrentLinkedQueue<>(items);
        int workers = Math.min(items.size(), runtime.concurrency());
        try (ExecutorService each = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(what + "-", 0).factory())) {
            for (int i = 0; i < workers; i++) {
                each.submit(() -> {
                    for (T item = left.poll(); item != null; item = left.poll()) {
                        try {
                            action.accept(item);
                        } catch (RuntimeException e) {
                            log.warn("{}: one failed: {}", what, e.toString());
                        }
                    }
                });
            }
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

    /** Labels that select every instance and warm-pool container of this deployment. */
    Map<String, String> ofThisDeployment() {
        return Map.of(DEPLOYMENT, settings.deployment());
    }

    /** The challenge's container, without its flag. */
    private ContainerSpec.Builder spec(Challenge challenge, ArenaLabels labels, String name, String network) {
        var spec = ContainerSpec.builder(challenge.image(), labels)
                .name(name)
                .label(DEPLOYMENT, settings.deployment())
                .label(CHALLENGE, Long.toString(challenge.id()))
                .memoryBytes((long) challenge.memoryMib() << 20)
                .cpus(challenge.cpus())
                .pidsLimit(settings.pidsLimit())
                .tmpfs("/tmp", 16L << 20)
                .network(network);
        challenge.ports().forEach(p -> spec.port(ContainerPort.tcp(p)));
        challenge.capabilities().forEach(spec::capAdd);
        if (challenge.writableRoot()) {
            spec.writableRoot();
        }
        challenge.env().forEach(spec::env);
        if (!challenge.command().isEmpty()) {
            spec.cmd(challenge.command().toArray(String[]::new));
        }
        return spec;
    }

    /**
     * The id of the shared network, created when missing. Containers join it by id: an engine before API
     * 1.44 checks duplicate names only as far as it can, so concurrent creates (from this node before the
     * lock, or from two nodes) can leave several networks of one name, and joining by name then fails as
     * ambiguous. Every node settles on the smallest id and removes the others once nothing uses them.
     */
    String network(boolean outbound) {
        if (!outbound && settings.defaultBridge() && defaultBridgeIsolates()) {
            return ContainerSpec.DEFAULT_NETWORK;
        }
        String name = outbound ? settings.network() + "-outbound" : settings.network();
        String id = ensured.get(name);
        return id != null ? id : ensureNetwork(name, outbound);
    }

    /**
     * Whether the engine's default bridge keeps containers from each other and from the outside; asked again
     * after {@link #BRIDGE_RECHECK}, as the engine's configuration changes only with a restart.
     */
    private boolean defaultBridgeIsolates() {
        BridgeCheck last = bridge;
        long now = System.nanoTime();
        if (last == null || now - last.atNanos() > BRIDGE_RECHECK.toNanos()) {
            last = new BridgeCheck(defaultBridge().map(b -> b.isolated() && !b.outbound()).orElse(false), now);
            bridge = last;
        }
        return last.isolates();
    }

    private record BridgeCheck(boolean isolates, long atNanos) {
    }

    /** The engine's default bridge; empty on an engine without one (Arena's own network is used then). */
    private Optional<NetworkSummary> defaultBridge() {
        try {
            return Optional.of(runtime.network(ContainerSpec.DEFAULT_NETWORK));
        } catch (ContainerRuntimeException.NotFound none) {
            return Optional.empty();
        }
    }

    private synchronized String ensureNetwork(String name, boolean outbound) {
        String known = ensured.get(name);
        if (known != null) {
            return known;
        }
        List<String> ids = networkIds(name);
        if (ids.isEmpty()) {
            try {
                runtime.createNetwork(new NetworkSpec(name, new ArenaLabels("instance-network", name, "all", settings.deployment()),
                        false, true, outbound));
            } catch (ContainerRuntimeException.Conflict raced) {
                // Another node created it first.
            }
            ids = networkIds(name);
            if (ids.isEmpty()) {
                throw new ContainerRuntimeException.EngineError("network " + name + " was created but is not listed", new IllegalStateException());
            }
        }
        String chosen = ids.getFirst();
        ids.stream().skip(1).forEach(this::removeDuplicateNetwork);
        ensured.put(name, chosen);
        return chosen;
    }

    private List<String> networkIds(String name) {
        return runtime.networks(Map.of(ArenaLabels.ID, name)).stream()
                .filter(n -> n.name().equals(name)).map(NetworkSummary::id).sorted().toList();
    }

    private void removeDuplicateNetwork(String networkId) {
        try {
            runtime.removeNetwork(networkId);
            log.info("Removed duplicate instance network {}", networkId);
        } catch (ContainerRuntimeException e) {
            log.warn("Duplicate instance network {} is still in use ({}); containers on it keep working", networkId, e.getMessage());
        }
    }
}
