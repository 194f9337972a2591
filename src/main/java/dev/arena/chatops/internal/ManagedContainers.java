package dev.arena.chatops.internal;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.runtime.spi.ContainerRuntime;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The containers of a project that chat-ops and schedules may act on, each by a short name with its
 * allow-list of actions, and the actions themselves — every one through the runtime port, whose bounded
 * operation queue and timeouts keep a slow engine from stalling the caller for long.
 */
@Repository
class ManagedContainers {

    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final int LOG_LINES = 20;

    record Managed(long projectId, String name, String containerId, Set<ContainerAction> actions) {
        boolean allows(ContainerAction action) {
            return actions.contains(action);
        }
    }

    private final JdbcClient jdbc;
    private final ContainerRuntime runtime;

    ManagedContainers(JdbcClient jdbc, ContainerRuntime runtime) {
        this.jdbc = jdbc;
        this.runtime = runtime;
    }

    void put(Managed c) {
        String actions = c.actions().stream().map(ContainerAction::wireName).sorted().collect(Collectors.joining(","));
        if (jdbc.sql("UPDATE chatops_containers SET container_id = ?, actions = ? WHERE project_id = ? AND name = ?")
                .params(c.containerId(), actions, c.projectId(), c.name()).update() == 0) {
            jdbc.sql("INSERT INTO chatops_containers (project_id, name, container_id, actions) VALUES (?, ?, ?, ?)")
                    .params(c.projectId(), c.name(), c.containerId(), actions).update();
        }
    }

    boolean remove(long projectId, String name) {
        return jdbc.sql("DELETE FROM chatops_containers WHERE project_id = ? AND name = ?").params(projectId, name).update() > 0;
    }

    Optional<Managed> get(long projectId, String name) {
        return jdbc.sql("SELECT * FROM chatops_containers WHERE project_id = ? AND name = ?").params(projectId, name)
                .query(ManagedContainers::row).optional();
    }

    List<Managed> of(long projectId) {
        return jdbc.sql("SELECT * FROM chatops_containers WHERE project_id = ? ORDER BY name").param(projectId)
                .query(ManagedContainers::row).list();
    }

    /**
     * Does an action the container allows and returns what to tell the caller (the log tail for {@code logs}).
     *
     * @throws IllegalStateException when the container does not allow it
     * @throws dev.arena.runtime.spi.ContainerRuntimeException when the engine fails, is busy or slow
     */
    String act(Managed c, ContainerAction action) {
        if (!c.allows(action)) {
            throw new IllegalStateException("the container '" + c.name() + "' does not allow " + action.wireName());
        }
        return switch (action) {
            case START -> {
                runtime.start(c.containerId());
                yield "started";
            }
            case STOP -> {
                runtime.stop(c.containerId(), STOP_GRACE);
                yield "stopped";
            }
            case RESTART -> {
                runtime.stop(c.containerId(), STOP_GRACE);
                runtime.start(c.containerId());
                yield "restarted";
            }
            case LOGS -> {
                var logs = runtime.logs(c.containerId(), LOG_LINES);
                yield logs.stdout() + logs.stderr();
            }
        };
    }

    static Set<ContainerAction> parseActions(String csv) {
        Set<ContainerAction> set = EnumSet.noneOf(ContainerAction.class);
        Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).forEach(s -> ContainerAction.fromWire(s).ifPresent(set::add));
        return set;
    }

    private static Managed row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Managed(rs.getLong("project_id"), rs.getString("name"), rs.getString("container_id"),
                parseActions(rs.getString("actions")));
    }
}
