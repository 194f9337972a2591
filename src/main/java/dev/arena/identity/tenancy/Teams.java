package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Quota;
import dev.arena.identity.Quotas;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams: named groups of an organisation's members, within the tier's team quota. A grant to a team is a
 * grant to each of its members for as long as they are in the team and the organisation.
 */
@Service
class Teams {

    record Team(long id, long orgId, String name, Instant createdAt) {
    }

    record TeamMember(long userId, String email, String displayName) {
    }

    private static final RowMapper<Team> ROW = (rs, n) -> new Team(rs.getLong("id"), rs.getLong("org_id"),
            rs.getString("name"), Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final Quotas quotas;
    private final Members members;
    private final Access access;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Teams(JdbcClient jdbc, Quotas quotas, Members members, Access access, Ids ids, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.members = members;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    /** Creates a team. @throws IdentityProblem.QuotaExceeded beyond the tier's teams; Conflict on a taken name */
    @Transactional
    Team create(long orgId, String name) {
        quotas.reserve(orgId, Quota.TEAMS);
        var team = new Team(ids.next(), orgId, name.strip(), clock.instant());
        try {
            jdbc.sql("INSERT INTO teams (id, org_id, name, created_at) VALUES (?, ?, ?, ?)")
                    .params(team.id(), orgId, team.name(), Db.ts(team.createdAt())).update();
        } catch (DuplicateKeyException taken) {
            throw nameTaken(team.name());
        }
        return team;
    }

    Page<Team> of(long orgId, long after, int limit) {
        List<Team> rows = jdbc.sql("SELECT * FROM teams WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(orgId, after, limit + 1).query(ROW).list();
        return Page.keyset(rows, limit, Team::id);
    }

    /** A team of the organisation. @throws ResourceNotFound when the organisation has no such team */
    Team get(long orgId, long teamId) {
        return jdbc.sql("SELECT * FROM teams WHERE id = ? AND org_id = ?").params(teamId, orgId).query(ROW).optional()
                .orElseThrow(() -> new ResourceNotFound("team"));
    }

    @Transactional
    Team rename(long orgId, long teamId, String name) {
        get(orgId, teamId);
        try {
            jdbc.sql("UPDATE teams SET name = ? WHERE id = ?").params(name.strip(), teamId).update();
        } catch (DuplicateKeyException taken) {
            throw nameTaken(name.strip());
        }
        return get(orgId, teamId);
    }

    /** Deletes a team with its memberships and its project grants. */
    @Transactional
    void delete(long actorId, long orgId, long teamId) {
        members.lock(orgId);
        get(orgId, teamId);
        jdbc.sql("DELETE FROM project_grants WHERE subject_type = 'team' AND subject_id = ?").param(teamId).update();
        jdbc.sql("DELETE FROM teams WHERE id = ?").param(teamId).update();
        membersChanged(actorId, orgId, teamId, "deleted");
    }

    /** Puts a member of the organisation into a team (nothing happens if already in it). */
    @Transactional
    void addMember(long actorId, long orgId, long teamId, long userId) {
        members.lock(orgId);
        get(orgId, teamId);
        if (!members.isMember(orgId, userId)) {
            throw new ResourceNotFound("member");
        }
        boolean already = jdbc.sql("SELECT COUNT(*) FROM team_members WHERE team_id = ? AND user_id = ?")
                .params(teamId, userId).query(Long.class).single() > 0;
        if (!already) {
            jdbc.sql("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)").params(teamId, userId).update();
            membersChanged(actorId, orgId, teamId, "member " + userId + " added");
        }
    }

    /** Takes a user out of a team. @throws ResourceNotFound when the user is not in it */
    @Transactional
    void removeMember(long actorId, long orgId, long teamId, long userId) {
        members.lock(orgId);
        get(orgId, teamId);
        if (jdbc.sql("DELETE FROM team_members WHERE team_id = ? AND user_id = ?").params(teamId, userId).update() != 1) {
            throw new ResourceNotFound("team member");
        }
        membersChanged(actorId, orgId, teamId, "member " + userId + " removed");
    }

    private void membersChanged(long actorId, long orgId, long teamId, String change) {
        events.publishEvent(new IdentityEvent.TeamMembersChanged(actorId, orgId, teamId, change));
        access.forget();
    }

    Page<TeamMember> members(long orgId, long teamId, long after, int limit) {
        get(orgId, teamId);
        List<TeamMember> rows = jdbc.sql("""
                        SELECT u.id, u.email, u.display_name FROM team_members t JOIN users u ON u.id = t.user_id
                        WHERE t.team_id = ? AND u.id > ? ORDER BY u.id FETCH FIRST ? ROWS ONLY""")
                .params(teamId, after, limit + 1)
                .query((rs, n) -> new TeamMember(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"))).list();
        return Page.keyset(rows, limit, TeamMember::userId);
    }

    private static IdentityProblem.Conflict nameTaken(String name) {
        return new IdentityProblem.Conflict("The organisation already has a team named '" + name + "'.");
    }
}
