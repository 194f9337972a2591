package dev.arena.instances;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened to a project's instances — started, extended, stopped, expired, failed — by whom and from
 * where, for its managers (the console's audit view merges it with the other modules' logs). Callers below
 * manager get {@link dev.arena.identity.IdentityProblem.RoleRequired}, callers who may not see the project
 * {@link dev.arena.platform.ResourceNotFound}. Entries older than {@code arena.instances.audit-retention} are gone.
 */
public interface InstanceHistory {

    /**
     * One audited change of an instance.
     *
     * @param id      a Snowflake id: ordered like the ids of every other audit log
     * @param kind    {@code started}, {@code extended}, {@code stopped}, {@code expired} or {@code failed}
     * @param actorId the user who acted, or null when Arena itself did
     * @param source  the {@link Origin#wireName()} of the action
     */
    record Entry(long id, Instant at, String kind, long instanceId, @Nullable Long actorId, String source, String detail) {
    }

    /** The project's entries with ids below {@code before}, newest first, at most {@code limit}. */
    List<Entry> before(ArenaPrincipal caller, long projectId, long before, int limit);
}
