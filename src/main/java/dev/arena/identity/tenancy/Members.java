package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgRole;
import dev.arena.platform.Db;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of organisations and their roles. Every change locks the organisation's row first and then
 * re-reads the roles it depends on, so concurrent changes queue up and the rule "an organisation always
 * has an owner" holds even when two owners demote each other at the same moment.
 *
 * <p>Admins manage members; only owners make or unmake owners; anyone may leave, except the last owner.
 * Every role change is published as {@link IdentityEvent.RoleChanged} ("none" when there was or is none).
 */
@Service
class Members {

    record Member(long userId, String email, String displayName, OrgRole role, Instant joinedAt) {
    }

    private static final RowMapper<Member> ROW = (rs, n) -> new Member(rs.getLong("user_id"), rs.getString("email"),
            rs.getString("display_name"), OrgRole.fromWire(rs.getString("role")), Db.instant(rs, "joined_at"));

    private final JdbcClient jdbc;
    private final Access access;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Members(JdbcClient jdbc, Access access, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.access = access;
        this.clock = clock;
        this.events = events;
    }

    /** The members of an organisation in the order of their user ids. */
    Page<Member> of(long orgId, long after, int limit) {
        List<Member> rows = jdbc.sql("""
                        SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at
                        FROM org_members m JOIN users u ON u.id = m.user_id
                        WHERE m.org_id = ? AND m.user_id > ? ORDER BY m.user_id FETCH FIRST ? ROWS ONLY""")
                .params(orgId, after, limit + 1).query(ROW).list();
        return Page.keyset(rows, limit, Member::userId);
    }

    /**
     * Gives a member another role.
     *
     * @throws ResourceNotFound             when the user is not a member
     * @throws IdentityProblem.RoleRequired when the actor is below admin, or the change makes or unmakes an
     *                                      owner and the actor is not one
     * @throws IdentityProblem.Conflict     when it would demote the last owner
     */
    @Transactional
    Member changeRole(long actorId, long orgId, long userId, OrgRole to) {
        lock(orgId);
        OrgRole actor = requireRole(actorId, orgId, OrgRole.ADMIN);
        OrgRole from = roleOf(orgId, userId).orElseThrow(() -> new ResourceNotFound("member"));
        if (from != to) {
            if ((from == OrgRole.OWNER || to == OrgRole.OWNER) && actor != OrgRole.OWNER) {
                throw new IdentityProblem.RoleRequired(OrgRole.OWNER.wireName());
            }
            requireAnotherOwner(orgId, from, "demoted");
            setRole(actorId, orgId, userId, from, to);
        }
        return member(orgId, userId);
    }

    /**
     * Removes a member, with their team memberships and project grants in the organisation. Members may
     * remove themselves (leave); removing someone else needs admin, and removing an owner needs owner.
     *
     * @throws ResourceNotFound             when the user is not a member
     * @throws IdentityProblem.RoleRequired when the actor may not remove this member
     * @throws IdentityProblem.Conflict     when the member is the last owner
     */
    @Transactional
    void remove(long actorId, long orgId, long userId) {
        lock(orgId);
        OrgRole actor = requireRole(actorId, orgId, OrgRole.MEMBER);
        OrgRole role = roleOf(orgId, userId).orElseThrow(() -> new ResourceNotFound("member"));
        if (actorId != userId) {
            OrgRole needed = role == OrgRole.OWNER ? OrgRole.OWNER : OrgRole.ADMIN;
            if (!actor.atLeast(needed)) {
                throw new IdentityProblem.RoleRequired(needed.wireName());
            }
        }
        requireAnotherOwner(orgId, role, "removed");
        jdbc.sql("DELETE FROM team_members WHERE user_id = ? AND team_id IN (SELECT id FROM teams WHERE org_id = ?)")
                .params(userId, orgId).update();
        jdbc.sql("""
                        DELETE FROM project_grants WHERE subject_type = 'user' AND subject_id = ?
                        AND project_id IN (SELECT id FROM projects WHERE org_id = ?)""")
                .params(userId, orgId).update();
        jdbc.sql("DELETE FROM org_members WHERE org_id = ? AND user_id = ?").params(orgId, userId).update();
        events.publishEvent(new IdentityEvent.RoleChanged(actorId, orgId, target(userId), role.wireName(), "none"));
        access.forget();
    }

    /**
     * Makes another member an owner and the acting owner an admin.
     *
     * @throws IdentityProblem.RoleRequired when the actor is not an owner
     * @throws IdentityProblem.Unacceptable when the new owner is the actor or not a member
     */
    @Transactional
    void transferOwnership(long actorId, long orgId, long newOwnerId) {
        lock(orgId);
        requireRole(actorId, orgId, OrgRole.OWNER);
        if (newOwnerId == actorId) {
            throw new IdentityProblem.Unacceptable("userId", "You already own the organisation; name another member.");
        }
        OrgRole from = roleOf(orgId, newOwnerId).orElseThrow(() ->
                new IdentityProblem.Unacceptable("userId", "Ownership can only go to a member of the organisation."));
        if (from != OrgRole.OWNER) {
            setRole(actorId, orgId, newOwnerId, from, OrgRole.OWNER);
        }
        setRole(actorId, orgId, actorId, OrgRole.OWNER, OrgRole.ADMIN);
    }

    /** Adds a member (an accepted invitation). @throws IdentityProblem.Conflict when already a member */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(long actorId, long orgId, long userId, OrgRole role) {
        lock(orgId);
        if (roleOf(orgId, userId).isPresent()) {
            throw new IdentityProblem.Conflict("You are already a member of this organisation.");
        }
        jdbc.sql("INSERT INTO org_members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)")
                .params(orgId, userId, role.wireName(), Db.ts(clock.instant())).update();
        events.publishEvent(new IdentityEvent.RoleChanged(actorId, orgId, target(userId), "none", role.wireName()));
        access.forget();
    }

    /** Whether a user is a member of an organisation. */
    boolean isMember(long orgId, long userId) {
        return roleOf(orgId, userId).isPresent();
    }

    /**
     * Locks the organisation's row until the transaction ends: every change of members, teams and grants
     * takes it first, so they never interleave. @throws ResourceNotFound when there is no such organisation
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(long orgId) {
        jdbc.sql("SELECT id FROM orgs WHERE id = ? FOR UPDATE").param(orgId).query(Long.class).optional()
                .orElseThrow(() -> new ResourceNotFound("organisation"));
    }

    /** The actor's role read from the database (not the cache), or the refusal Access would give. */
    OrgRole requireRole(long actorId, long orgId, OrgRole atLeast) {
        OrgRole role = roleOf(orgId, actorId).orElseThrow(() -> new ResourceNotFound("organisation"));
        if (!role.atLeast(atLeast)) {
            throw new IdentityProblem.RoleRequired(atLeast.wireName());
        }
        return role;
    }

    private Optional<OrgRole> roleOf(long orgId, long userId) {
        return jdbc.sql("SELECT role FROM org_members WHERE org_id = ? AND user_id = ?").params(orgId, userId)
                .query(String.class).optional().map(OrgRole::fromWire);
    }

    private Member member(long orgId, long userId) {
        return jdbc.sql("""
                        SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at
                        FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND m.user_id = ?""")
                .params(orgId, userId).query(ROW).single();
    }

    private void requireAnotherOwner(long orgId, OrgRole role, String what) {
        if (role == OrgRole.OWNER && owners(orgId) <= 1) {
            throw new IdentityProblem.Conflict("The last owner cannot be " + what + "; transfer ownership first.");
        }
    }

    private long owners(long orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM org_members WHERE org_id = ? AND role = 'owner'").param(orgId)
                .query(Long.class).single();
    }

    private void setRole(long actorId, long orgId, long userId, OrgRole from, OrgRole to) {
        jdbc.sql("UPDATE org_members SET role = ? WHERE org_id = ? AND user_id = ?").params(to.wireName(), orgId, userId).update();
        events.publishEvent(new IdentityEvent.RoleChanged(actorId, orgId, target(userId), from.wireName(), to.wireName()));
        access.forget();
    }

    private static String target(long userId) {
        return "member " + userId;
    }
}
