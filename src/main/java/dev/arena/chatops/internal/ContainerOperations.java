package dev.arena.chatops.internal;

import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.OperatorContainers;
import dev.arena.chatops.Reply;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * The console's view of managed containers: the list with each container's state as the engine reports it,
 * and actions handed to the command layer as a console caller, so Discord's rules and audit apply.
 */
@Service
class ContainerOperations implements OperatorContainers {

    private final ManagedContainers containers;
    private final ContainerRuntime runtime;
    private final ProjectAccess access;
    private final ChatCommands commands;

    ContainerOperations(ManagedContainers containers, ContainerRuntime runtime, ProjectAccess access, ChatCommands commands) {
        this.containers = containers;
        this.runtime = runtime;
        this.access = access;
        this.commands = commands;
    }

    @Override
    public List<ManagedContainer> list(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return containers.of(projectId).stream()
                .map(m -> new ManagedContainer(m.name(), m.containerId(), m.actions().stream().sorted().toList(), state(m.containerId())))
                .toList();
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
