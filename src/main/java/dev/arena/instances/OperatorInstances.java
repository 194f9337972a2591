package dev.arena.instances;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Page;
import org.jspecify.annotations.Nullable;

/**
 * What a project's operators (managers and up) do with all of its instances; shared by the HTTP routes and
 * the console. Callers below manager get {@link dev.arena.identity.IdentityProblem.RoleRequired}, callers
 * who may not see the project {@link dev.arena.platform.ResourceNotFound}.
 */
public interface OperatorInstances {

    /**
     * The project's instances, oldest first.
     *
     * @param liveOnly only starting, running and stopping ones
     * @param status   only those in this status ({@code running}, {@code stopped}, ...), or null for any
     * @param cursor   a page's {@code nextCursor}, or null for the first page
     * @throws dev.arena.platform.InvalidValue for an unknown status
     */
    Page<InstanceDetails> list(ArenaPrincipal caller, long projectId, boolean liveOnly, @Nullable String status,
                               @Nullable String cursor, int limit);

    /** Stops a live instance of the project; an ended one is left as it is. {@code origin} is for the audit log. */
    void stopInstance(ArenaPrincipal caller, long projectId, long instanceId, Origin origin);
}
