package dev.arena.chatops.internal;

import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Command.ContainerAction;
import dev.arena.chatops.OperatorContainers;
import dev.arena.chatops.Reply;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Managed containers for the console and the HTTP API: the list with each container's state as the engine
 * reports it; which containers are managed, with their allow-lists (admins, only the project's own containers);
 * and actions handed to the command layer as a console caller, so Discord's rules and audit apply.
 */
@Service
class ContainerOperations implements OperatorContainers {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final ManagedContainers containers;
    private final ContainerRuntime runtime;
    private final ProjectAccess access;
    private final ChatCommands commands;
    private final ChangeAudit changes;

    ContainerOperations(ManagedContainers containers, ContainerRuntime runtime, ProjectAccess access, ChatCommands commands,
                        ChangeAudit changes) {
        this.changes = changes;
        this.containers = containers;
        this.runtime = runtime;
        this.access = access;
        this.commands = commands;
    }

    @Override
    public List<ManagedContainer> list(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return containers.of(projectId).stream().map(m -> view(m, state(m.containerId()))).toList();
    }

    @Override
    public Reply act(ArenaPrincipal caller, long projectId, String container, Command.ContainerAction action) {
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Containers are acted on by a signed-in user, not with a project token.");
        }
        // Strangers learn nothing (404); members below manager are refused, and audited, by the command layer.
        access.require(caller, projectId, ProjectRole.READER);
        return commands.handle(Caller.console(session.userId(), projectId), new Command.Containers(action, container));
    }

    @Override
    public ManagedContainer manage(ArenaPrincipal caller, long projectId, String name, @Nullable String containerId,
                                   List<String> actions) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValue("name", "1-64 of a-z, 0-9 and '-'");
        }
        if (containerId == null || containerId.isBlank() || containerId.length() > 128) {
            throw new InvalidValue("containerId", "containerId is required");
        }
        Set<ContainerAction> allowed = EnumSet.noneOf(ContainerAction.class);
        for (String a : actions) {
            allowed.add(ContainerAction.fromWire(a).orElseThrow(() -> new InvalidValue("actions", "each of start, stop, restart, logs")));
        }
        ContainerInfo container = projectContainer(projectId, containerId);
        var managed = new ManagedContainers.Managed(projectId, name, containerId, allowed);
        containers.put(managed);
        changes.changed(caller, projectId, "container manage", name,
                "container " + containerId + ", allowed " + managed.actions().stream().map(ContainerAction::wireName).sorted().toList());
        return view(managed, container.state().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void release(ArenaPrincipal caller, long projectId, String name) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        if (!containers.remove(projectId, name)) {
            throw new ResourceNotFound("container");
        }
        changes.changed(caller, projectId, "container release", name, "no longer managed; the container itself is left as it is");
    }

    /**
     * The container as the engine knows it, if Arena runs it for this project. Any other is refused with the
     * same answer whether the engine has it or not, so that nobody learns from it which containers the host runs.
     */
    private ContainerInfo projectContainer(long projectId, String containerId) {
        var notOurs = new InvalidValue("containerId", "no container Arena runs for this project by that id");
        ContainerInfo container;
        try {
            container = runtime.inspect(containerId);
        } catch (ContainerRuntimeException.NotFound e) {
            throw notOurs;
        }
        if (!Long.toString(projectId).equals(container.labels().get(ArenaLabels.PROJECT))) {
            throw notOurs;
        }
        return container;
    }

    private static ManagedContainer view(ManagedContainers.Managed m, String state) {
        return new ManagedContainer(m.name(), m.containerId(), m.actions().stream().sorted().toList(), state);
    }

    /** What the engine says of a container now; its failures are shown, not thrown, so one bad container never hides the rest. */
    private String state(String containerId) {
        try {
            return runtime.inspect(containerId).state().name().toLowerCase(Locale.ROOT);
        } catch (ContainerRuntimeException.NotFound gone) {
            return "gone";
        } catch (ContainerRuntimeException e) {
            return "unknown (" + e.outcome() + ")";
        }
    }
}
