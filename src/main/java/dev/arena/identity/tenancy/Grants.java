package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants of project roles to users, teams and API clients of the project's organisation. Whoever manages
 * grants may give or take away only roles up to their own: a manager can make managers but cannot touch
 * an admin's grant. Every change is published as {@link IdentityEvent.RoleChanged}.
 */
@Service
class Grants {

    /** Who can hold a grant. */
    enum SubjectType {
        USER("member"), TEAM("team"), CLIENT("client");

        private final String resource;

        SubjectType(String resource) {
            this.resource = resource;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type a path segment names. @throws ResourceNotFound for anything else: no such subject exists */
        static SubjectType fromWire(String name) {
            return switch (name) {
                case "user" -> USER;
                case "team" -> TEAM;
                case "client" -> CLIENT;
                default -> throw new ResourceNotFound("subject");
            };
        }
    }

    /** A grant; {@code name} is the user's display name, the team's or the client's name. */
    record Grant(SubjectType subjectType, long subjectId, String name, ProjectRole role) {
    }

    private final JdbcClient jdbc;
    private final Members members;
    private final Access access;
    private final ApplicationEventPublisher events;

    Grants(JdbcClient jdbc, Members members, Access access, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.members = members;
        this.access = access;
        this.events = events;
    }

    /** Every grant on a project (a project has few; the list is one page). */
    Page<Grant> of(long projectId) {
        return Page.of(jdbc.sql("""
                        SELECT g.subject_type, g.subject_id, g.role, COALESCE(u.display_name, t.name, c.name, '') AS name
                        FROM project_grants g
                        LEFT JOIN users u ON g.subject_type = 'user' AND u.id = g.subject_id
                        LEFT JOIN teams t ON g.subject_type = 'team' AND t.id = g.subject_id
                        LEFT JOIN clients c ON g.subject_type = 'client' AND c.id = g.subject_id
                        WHERE g.project_id = ? ORDER BY g.subject_type, g.subject_id""")
                .param(projectId)
                .query((rs, n) -> new Grant(SubjectType.fromWire(rs.getString("subject_type")), rs.getLong("subject_id"),
                        rs.getString("name"), ProjectRole.fromWire(rs.getString("role"))))
                .list());
    }

    /**
     * Grants a role to a subject of the project's organisation, replacing any role it held.
     *
     * @param actorRole the actor's own role on the project
     * @throws ResourceNotFound             when the subject is not in the project's organisation
     * @throws IdentityProblem.RoleRequired when the role given or replaced is above the actor's own
     */
    @Transactional
    Grant put(long actorId, ProjectRole actorRole, long projectId, SubjectType type, long subjectId, ProjectRole role) {
        long orgId = access.orgOf(projectId);
        members.lock(orgId);
        requireInOrg(orgId, type, subjectId);
        requireWithin(actorRole, role);
        Optional<ProjectRole> from = roleOf(projectId, type, subjectId);
        from.ifPresent(held -> requireWithin(actorRole, held));
        if (from.isEmpty()) {
            jdbc.sql("INSERT INTO project_grants (project_id, subject_type, subject_id, role) VALUES (?, ?, ?, ?)")
                    .params(projectId, type.wireName(), subjectId, role.wireName()).update();
        } else if (from.get() != role) {
            jdbc.sql("UPDATE project_grants SET role = ? WHERE project_id = ? AND subject_type = ? AND subject_id = ?")
                    .params(role.wireName(), projectId, type.wireName(), subjectId).update();
        }
        if (from.isEmpty() || from.get() != role) {
            events.publishEvent(new IdentityEvent.RoleChanged(actorId, orgId, target(projectId, type, subjectId),
                    from.map(ProjectRole::wireName).orElse("none"), role.wireName()));
            access.forget();
        }
        return of(projectId).items().stream().filter(g -> g.subjectType() == type && g.subjectId() == subjectId)
                .findFirst().orElseThrow();
    }

    /**
     * Takes a subject's grant away.
     *
     * @throws ResourceNotFound             when the subject holds no grant on the project
     * @throws IdentityProblem.RoleRequired when the grant is above the actor's own role
     */
    @Transactional
    void revoke(long actorId, ProjectRole actorRole, long projectId, SubjectType type, long subjectId) {
        long orgId = access.orgOf(projectId);
        members.lock(orgId);
        ProjectRole held = roleOf(projectId, type, subjectId).orElseThrow(() -> new ResourceNotFound("grant"));
        requireWithin(actorRole, held);
        jdbc.sql("DELETE FROM project_grants WHERE project_id = ? AND subject_type = ? AND subject_id = ?")
                .params(projectId, type.wireName(), subjectId).update();
        events.publishEvent(new IdentityEvent.RoleChanged(actorId, orgId, target(projectId, type, subjectId), held.wireName(), "none"));
        access.forget();
    }

    private void requireInOrg(long orgId, SubjectType type, long subjectId) {
        boolean inOrg = switch (type) {
            case USER -> members.isMember(orgId, subjectId);
            case TEAM -> exists("SELECT COUNT(*) FROM teams WHERE id = ? AND org_id = ?", subjectId, orgId);
            case CLIENT -> exists("SELECT COUNT(*) FROM clients WHERE id = ? AND org_id = ?", subjectId, orgId);
        };
        if (!inOrg) {
            throw new ResourceNotFound(type.resource);
        }
    }

    private boolean exists(String sql, long id, long orgId) {
        return jdbc.sql(sql).params(id, orgId).query(Long.class).single() > 0;
    }

    private Optional<ProjectRole> roleOf(long projectId, SubjectType type, long subjectId) {
        return jdbc.sql("SELECT role FROM project_grants WHERE project_id = ? AND subject_type = ? AND subject_id = ?")
                .params(projectId, type.wireName(), subjectId).query(String.class).optional().map(ProjectRole::fromWire);
    }

    private static void requireWithin(ProjectRole actorRole, ProjectRole role) {
        if (!actorRole.atLeast(role)) {
            throw new IdentityProblem.RoleRequired(role.wireName());
        }
    }

    private static String target(long projectId, SubjectType type, long subjectId) {
        return "project " + projectId + " " + type.wireName() + " " + subjectId;
    }
}
