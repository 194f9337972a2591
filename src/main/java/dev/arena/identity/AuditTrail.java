package dev.arena.identity;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The identity audit log of an organisation (sign-ins, members, projects, grants, tokens, ...), for its admins. */
public interface AuditTrail {

    /**
     * One audited action: what ({@code kind}, e.g. {@code MemberRemoved}), who, from where, in words; {@code id}
     * is a Snowflake id, ordered like the ids of every other audit log.
     */
    record Entry(long id, Instant at, String kind, @Nullable Long actorId, @Nullable String ip, String detail) {
    }

    /**
     * The organisation's entries with ids below {@code before}, newest first, at most {@code limit}.
     *
     * @throws dev.arena.platform.ResourceNotFound when the caller is not a member
     * @throws IdentityProblem.RoleRequired       when the caller is a member below admin
     */
    List<Entry> ofOrg(ArenaPrincipal caller, long orgId, long before, int limit);
}
