package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgRole;
import dev.arena.identity.Quota;
import dev.arena.identity.Quotas;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects: an organisation's isolated workspaces, within the tier's project quota. */
@Service
class Projects {

    record Project(long id, long orgId, String name, String description, Instant createdAt) {
    }

    private static final RowMapper<Project> ROW = (rs, n) -> new Project(rs.getLong("id"), rs.getLong("org_id"),
            rs.getString("name"), rs.getString("description"), Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final Quotas quotas;
    private final Access access;
    private final Members members;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Projects(JdbcClient jdbc, Quotas quotas, Access access, Members members, Ids ids, Clock clock,
             ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.access = access;
        this.members = members;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    Project create(long userId, long orgId, String name, String description) {
        quotas.reserve(orgId, Quota.PROJECTS);
        Instant now = clock.instant();
        var project = new Project(ids.next(), orgId, name.strip(), description.strip(), now);
        try {
            jdbc.sql("""
                            INSERT INTO projects (id, org_id, name, description, created_at, tokens_valid_after)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(project.id(), orgId, project.name(), project.description(), Db.ts(now), Db.ts(now)).update();
        } catch (DuplicateKeyException taken) {
            throw nameTaken(project.name());
        }
        events.publishEvent(new IdentityEvent.ProjectCreated(userId, orgId, project.id(), project.name()));
        access.forget();
        return project;
    }

    /**
     * The projects of an organisation the user can see: all of them for org owners and admins, otherwise
     * those the user or one of their teams holds a grant on.
     */
    Page<Project> visibleTo(long userId, OrgRole role, long orgId, long after, int limit) {
        List<Project> rows = role.atLeast(OrgRole.ADMIN)
                ? jdbc.sql("SELECT * FROM projects WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                        .params(orgId, after, limit + 1).query(ROW).list()
                : jdbc.sql("""
                        SELECT * FROM projects p WHERE p.org_id = :org AND p.id > :after AND EXISTS (
                            SELECT 1 FROM project_grants g WHERE g.project_id = p.id AND (
                                (g.subject_type = 'user' AND g.subject_id = :user)
                                OR (g.subject_type = 'team' AND g.subject_id IN (SELECT team_id FROM team_members WHERE user_id = :user))))
                        ORDER BY p.id FETCH FIRST :rows ROWS ONLY""")
                        .param("org", orgId).param("after", after).param("user", userId).param("rows", limit + 1)
                        .query(ROW).list();
        return Page.keyset(rows, limit, Project::id);
    }

    /** A project. @throws ResourceNotFound when there is no such project */
    Project get(long projectId) {
        return jdbc.sql("SELECT * FROM projects WHERE id = ?").param(projectId).query(ROW).optional()
                .orElseThrow(() -> new ResourceNotFound("project"));
    }

    /** Renames a project or changes its description; a null leaves that part as it is. */
    @Transactional
    Project update(long projectId, @Nullable String name, @Nullable String description) {
        Project project = get(projectId);
        String newName = name == null ? project.name() : name.strip();
        String newDescription = description == null ? project.description() : description.strip();
        try {
            jdbc.sql("UPDATE projects SET name = ?, description = ? WHERE id = ?").params(newName, newDescription, projectId).update();
        } catch (DuplicateKeyException taken) {
            throw nameTaken(newName);
        }
        return get(projectId);
    }

    /** Deletes a project with its grants and refresh tokens; its access tokens stop working at once. */
    @Transactional
    void delete(long actorId, long projectId) {
        // the org row first, as every change of grants takes it, so a delete never deadlocks with a grant;
        // then the project again, since a concurrent delete may have committed meanwhile
        members.lock(get(projectId).orgId());
        Project project = get(projectId);
        jdbc.sql("DELETE FROM projects WHERE id = ?").param(projectId).update();
        events.publishEvent(new IdentityEvent.ProjectDeleted(actorId, project.orgId(), projectId, project.name()));
        access.forget();
    }

    private static IdentityProblem.Conflict nameTaken(String name) {
        return new IdentityProblem.Conflict("The organisation already has a project named '" + name + "'.");
    }
}
