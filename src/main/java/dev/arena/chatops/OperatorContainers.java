package dev.arena.chatops;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.identity.ArenaPrincipal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A project's managed containers as the console shows them to its managers, which containers they are (admins
 * choose, here and over the HTTP API), and their actions. Actions go
 * through the command layer ({@link ChatCommands}), so the rules that decide in Discord decide here too —
 * manager role, the container's allow-list, the caller's cooldown — and every attempt is audited with
 * source {@code console}. Engine work goes through the runtime's bounded operation queue; an engine that
 * fails, is busy or slow never throws out of here.
 */
public interface OperatorContainers {

    /**
     * A managed container with what the engine says of it now.
     *
     * @param state the engine's state ({@code running}, {@code exited}, ...), {@code gone} when the engine no
     *              longer has it, or {@code unknown (<failure>)} when the engine could not be asked
     */
    record ManagedContainer(String name, String containerId, List<ContainerAction> actions, String state) {
        public ManagedContainer {
            actions = List.copyOf(actions);
        }

        public boolean allows(ContainerAction action) {
            return actions.contains(action);
        }
    }

    /**
     * The project's managed containers by name.
     *
     * @throws dev.arena.platform.ResourceNotFound          when the caller may not see the project
     * @throws dev.arena.identity.IdentityProblem.RoleRequired when the caller is below manager
     */
    List<ManagedContainer> list(ArenaPrincipal caller, long projectId);

    /**
     * Does an action on a managed container for a signed-in user and answers as the command layer does: a
     * refusal (role, allow-list, cooldown, unknown container) or an engine failure is a reply, not an
     * exception. For {@code logs} the reply's text ends with the container's last lines (capped).
     *
     * @throws dev.arena.platform.ResourceNotFound                  when the caller may not see the project
     * @throws dev.arena.identity.IdentityProblem.CredentialNotAllowed when the caller is no signed-in user
     */
    Reply act(ArenaPrincipal caller, long projectId, String container, ContainerAction action);

    /**
     * Lets chat-ops and schedules act on a container under a name, with the actions it allows (admins); an
     * existing name gets the new container and allow-list. Only a container Arena runs for this project (its
     * {@code arena.project} label, checked with the engine) can be managed.
     *
     * @param actions wire names: {@code start}, {@code stop}, {@code restart}, {@code logs}
     * @throws dev.arena.platform.InvalidValue naming {@code name}, {@code containerId} or {@code actions} when one is
     *                                         malformed, or {@code containerId} when the engine does not know it or
     *                                         it is not the project's
     * @throws dev.arena.platform.ResourceNotFound          when the caller may not see the project
     * @throws dev.arena.identity.IdentityProblem.RoleRequired when the caller is below admin
     */
    ManagedContainer manage(ArenaPrincipal caller, long projectId, String name, @Nullable String containerId, List<String> actions);

    /**
     * Stops managing a container (admins); the container itself is left as it is.
     *
     * @throws dev.arena.platform.ResourceNotFound when the project manages no container of that name, or the caller may not see it
     * @throws dev.arena.identity.IdentityProblem.RoleRequired when the caller is below admin
     */
    void release(ArenaPrincipal caller, long projectId, String name);
}
