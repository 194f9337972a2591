package dev.arena.runtime.internal;

import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerLogs;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ContainerStats;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.runtime.spi.ExecResult;
import dev.arena.runtime.spi.ExecSpec;
import dev.arena.runtime.spi.NetworkSpec;
import dev.arena.runtime.spi.NetworkSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The runtime other modules get: any adapter, with every engine call put through the {@link OperationQueue}.
 * Adapters stay free of queueing, and every adapter gets the same bounds and metrics. A file the adapter
 * replaces without its engine does not wait in the queue behind engine calls.
 */
public final class QueuedContainerRuntime implements ContainerRuntime {

    private final ContainerRuntime engine;
    private final OperationQueue queue;

    public QueuedContainerRuntime(ContainerRuntime engine, OperationQueue queue) {
        this.engine = engine;
        this.queue = queue;
    }

    @Override
    public String create(ContainerSpec spec) {
        return queue.call("create", () -> engine.create(spec));
    }

    /** Waits its turn only when the adapter needs its engine for it. */
    @Override
    public void replaceFile(String containerId, ContainerFile file) {
        if (!engine.replaceFileWithoutEngine(containerId, file)) {
            queue.call("replace_file", () -> {
                engine.replaceFile(containerId, file);
                return null;
            });
        }
    }

    @Override
    public boolean replaceFileWithoutEngine(String containerId, ContainerFile file) {
        return engine.replaceFileWithoutEngine(containerId, file);
    }

    @Override
    public void start(String containerId) {
        queue.call("start", () -> {
            engine.start(containerId);
            return null;
        });
    }

    @Override
    public void stop(String containerId, Duration grace) {
        queue.call("stop", () -> {
            engine.stop(containerId, grace);
            return null;
        });
    }

    @Override
    public void remove(String containerId) {
        queue.call("remove", () -> {
            engine.remove(containerId);
            return null;
        });
    }

    @Override
    public ContainerInfo inspect(String containerId) {
        return queue.call("inspect", () -> engine.inspect(containerId));
    }

    @Override
    public void updateLimits(String containerId, long memoryBytes, long pidsLimit) {
        queue.call("update", () -> {
            engine.updateLimits(containerId, memoryBytes, pidsLimit);
            return null;
        });
    }

    /** Holds its slot while the process runs, so its call may take {@code timeout} longer than others. */
    @Override
    public ExecResult exec(String containerId, ExecSpec spec) {
        return queue.call("exec", () -> engine.exec(containerId, spec), spec.timeout());
    }

    /** Holds its slot while the script runs, like {@link #exec}. */
    @Override
    public ExecResult feed(String containerId, String script, String endMark, Duration timeout, int outputLimit) {
        return queue.call("feed", () -> engine.feed(containerId, script, endMark, timeout, outputLimit), timeout);
    }

    /** Holds its slot while the container runs, like {@link #exec}. */
    @Override
    public ExecResult run(String containerId, Duration timeout, int outputLimit) {
        return queue.call("run", () -> engine.run(containerId, timeout, outputLimit), timeout);
    }

    @Override
    public List<ContainerSummary> list(Map<String, String> labels) {
        return queue.call("list", () -> engine.list(labels));
    }

    @Override
    public ContainerLogs logs(String containerId, int tailLines) {
        return queue.call("logs", () -> engine.logs(containerId, tailLines));
    }

    @Override
    public ContainerStats stats(String containerId) {
        return queue.call("stats", () -> engine.stats(containerId));
    }

    @Override
    public String createNetwork(NetworkSpec spec) {
        return queue.call("create_network", () -> engine.createNetwork(spec));
    }

    @Override
    public void removeNetwork(String networkId) {
        queue.call("remove_network", () -> {
            engine.removeNetwork(networkId);
            return null;
        });
    }

    @Override
    public List<NetworkSummary> networks(Map<String, String> labels) {
        return queue.call("networks", () -> engine.networks(labels));
    }

    @Override
    public NetworkSummary network(String nameOrId) {
        return queue.call("network", () -> engine.network(nameOrId));
    }

    @Override
    public int concurrency() {
        return queue.concurrency();
    }
}
