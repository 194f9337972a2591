package dev.arena.runtime.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the engine knows about one container.
 *
 * @param id         the engine's container id
 * @param name       its name, without Docker's leading slash
 * @param image      the image it was created from, as named in its spec
 * @param state      where it is in its life
 * @param exitCode   its exit code once it has exited, else null
 * @param oomKilled  whether the kernel killed it for exceeding its memory limit
 * @param startedAt  when it last started, or null if never
 * @param finishedAt when it last stopped, or null if it has not
 * @param labels     all its labels
 * @param ports      its published ports (empty unless running with ports)
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        ContainerState state,
        @Nullable Integer exitCode,
        boolean oomKilled,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Map<String, String> labels,
        List<PublishedPort> ports) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    public boolean running() {
        return state == ContainerState.RUNNING;
    }

    /** Where the host publishes a TCP port of the container, if it does. */
    public Optional<PublishedPort> published(int containerPort) {
        return ports.stream().filter(p -> p.port().equals(ContainerPort.tcp(containerPort))).findFirst();
    }
}
