package dev.arena.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerPort;
import dev.arena.runtime.spi.ContainerState;
import dev.arena.runtime.spi.ContainerStats;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.runtime.spi.PublishedPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the engine's answers into the port's records; the engine leaves out what it has not got. */
final class EngineViews {

    /** The Engine API's "never" for start and finish times. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private EngineViews() {
    }

    static ContainerInfo info(InspectContainerResponse response) {
        var state = response.getState();
        return new ContainerInfo(
                response.getId(),
                stripSlash(response.getName()),
                orEmpty(response.getConfig().getImage()),
                ContainerState.of(orEmpty(state.getStatus())),
                "exited".equals(state.getStatus()) || "dead".equals(state.getStatus()) ? state.getExitCode() : null,
                Boolean.TRUE.equals(state.getOOMKilled()),
                instant(state.getStartedAt()),
                instant(state.getFinishedAt()),
                orEmpty(response.getConfig().getLabels()),
                published(response.getNetworkSettings() == null ? null : response.getNetworkSettings().getPorts()));
    }

    private static List<PublishedPort> published(@Nullable Ports ports) {
        List<PublishedPort> published = new ArrayList<>();
        if (ports == null) {
            return published;
        }
        ports.getBindings().forEach((exposed, bindings) -> {
            if (bindings == null) {
                return;
            }
            var port = exposed.getProtocol() == InternetProtocol.UDP ? ContainerPort.udp(exposed.getPort()) : ContainerPort.tcp(exposed.getPort());
            for (Ports.Binding binding : bindings) {
                if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isEmpty()) {
                    published.add(new PublishedPort(port, binding.getHostIp(), Integer.parseInt(binding.getHostPortSpec())));
                }
            }
        });
        return published;
    }

    static ContainerSummary summary(Container container) {
        String[] names = container.getNames();
        return new ContainerSummary(
                container.getId(),
                names == null || names.length == 0 ? "" : stripSlash(names[0]),
                ContainerState.of(orEmpty(container.getState())),
                Instant.ofEpochSecond(container.getCreated() == null ? 0 : container.getCreated()),
                orEmpty(container.getLabels()));
    }

    static ContainerStats stats(@Nullable Statistics sample) {
        if (sample == null) {
            return new ContainerStats(Instant.EPOCH, 0, 0, 0, 0, 0, 0);
        }
        var memory = sample.getMemoryStats();
        var cpu = sample.getCpuStats();
        var pids = sample.getPidsStats();
        return new ContainerStats(
                orEpoch(sample.getRead()),
                memory == null ? 0 : zero(memory.getUsage()),
                memory == null ? 0 : zero(memory.getLimit()),
                cpu == null || cpu.getCpuUsage() == null ? 0 : zero(cpu.getCpuUsage().getTotalUsage()),
                cpu == null ? 0 : zero(cpu.getSystemCpuUsage()),
                cpu == null ? 0 : zero(cpu.getOnlineCpus()),
                pids == null ? 0 : zero(pids.getCurrent()));
    }

    private static @Nullable Instant instant(@Nullable String time) {
        return time == null || time.isEmpty() || time.equals(ZERO_TIME) ? null : Instant.parse(time);
    }

    private static Instant orEpoch(@Nullable String time) {
        Instant instant = instant(time);
        return instant == null ? Instant.EPOCH : instant;
    }

    private static String stripSlash(@Nullable String name) {
        return name == null ? "" : name.startsWith("/") ? name.substring(1) : name;
    }

    private static long zero(@Nullable Long value) {
        return value == null ? 0 : value;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> orEmpty(@Nullable Map<String, String> value) {
        return value == null ? Map.of() : value;
    }
}
