package dev.arena.identity.tenancy;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.security.Callers;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who may do what, from the membership and grant tables. A user's effective project role is the highest of
 * their own grant, their teams' grants, and org ownership or administration (which count as project admin);
 * grants count only while the user is a member of the project's organisation.
 *
 * <p>Answers are cached in {@link SharedCache}s. Every change of roles through tenancy calls {@link #forget()},
 * so a change is seen on every node once it commits.
 */
@Service
class Access implements ProjectAccess, OrgAccess {

    /** A user's role in one project, or none; and whether the project exists at all. */
    private record Standing(boolean projectExists, @Nullable ProjectRole role) {
    }

    /** A user's (subject's) standing in a project or organisation (target); as text {@code subject/target}. */
    private record Key(long subject, long target) {

        static Key parse(String text) {
            int slash = text.indexOf('/');
            return new Key(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return subject + "/" + target;
        }
    }

    private final JdbcClient jdbc;
    private final SharedCache<Key, Standing> projectRoles;
    private final SharedCache<Key, Optional<OrgRole>> orgRoles;
    private final SharedCache<Long, Long> orgOfProject;

    Access(JdbcClient jdbc, SharedCaches caches) {
        this.jdbc = jdbc;
        this.projectRoles = caches.create("access.project-roles", Caffeine.newBuilder().maximumSize(200_000), Key::parse);
        this.orgRoles = caches.create("access.org-roles", Caffeine.newBuilder().maximumSize(200_000), Key::parse);
        this.orgOfProject = caches.create("access.project-orgs", Caffeine.newBuilder().maximumSize(100_000), Long::valueOf);
    }

    @Override
    public ProjectRole require(ArenaPrincipal caller, long projectId, ProjectRole atLeast) {
        ProjectRole role = switch (caller) {
            case ArenaPrincipal.ProjectToken token -> {
                if (token.projectId() != projectId) {
                    throw new ResourceNotFound("project");
                }
                orgOf(projectId);
                yield token.role();
            }
            case ArenaPrincipal.UserSession session -> {
                Standing standing = projectRoles.get(new Key(session.userId(), projectId), k -> standing(k.subject(), k.target()));
                if (standing.role() == null) {
                    throw new ResourceNotFound("project");
                }
                yield standing.role();
            }
        };
        if (!role.atLeast(atLeast)) {
            throw new IdentityProblem.RoleRequired(atLeast.wireName());
        }
        return role;
    }

    private Standing standing(long userId, long projectId) {
        Optional<Long> org = jdbc.sql("SELECT org_id FROM projects WHERE id = ?").param(projectId).query(Long.class).optional();
        if (org.isEmpty()) {
            return new Standing(false, null);
        }
        Optional<OrgRole> orgRole = orgRole(userId, org.get());
        if (orgRole.isEmpty()) {
            return new Standing(true, null);
        }
        if (orgRole.get().atLeast(OrgRole.ADMIN)) {
            return new Standing(true, ProjectRole.ADMIN);
        }
        List<String> grants = jdbc.sql("""
                        SELECT role FROM project_grants WHERE project_id = :project AND subject_type = 'user' AND subject_id = :user
                        UNION ALL
                        SELECT g.role FROM project_grants g JOIN team_members t ON g.subject_id = t.team_id
                        WHERE g.project_id = :project AND g.subject_type = 'team' AND t.user_id = :user""")
                .param("project", projectId).param("user", userId).query(String.class).list();
        return new Standing(true, grants.stream().map(ProjectRole::fromWire).max(Enum::compareTo).orElse(null));
    }

    @Override
    public ProjectRole clientRole(long clientId, long projectId) {
        orgOf(projectId);
        return jdbc.sql("SELECT role FROM project_grants WHERE project_id = ? AND subject_type = 'client' AND subject_id = ?")
                .params(projectId, clientId).query(String.class).optional().map(ProjectRole::fromWire)
                .orElseThrow(() -> new ResourceNotFound("project"));
    }

    @Override
    public long orgOf(long projectId) {
        return orgOfProject.get(projectId, id -> jdbc.sql("SELECT org_id FROM projects WHERE id = ?").param(id)
                .query(Long.class).optional().orElseThrow(() -> new ResourceNotFound("project")));
    }

    @Override
    public OrgRole require(ArenaPrincipal caller, long orgId, OrgRole atLeast) {
        long userId = Callers.session(caller).userId();
        OrgRole role = orgRole(userId, orgId).orElseThrow(() -> new ResourceNotFound("organisation"));
        if (!role.atLeast(atLeast)) {
            throw new IdentityProblem.RoleRequired(atLeast.wireName());
        }
        return role;
    }

    private Optional<OrgRole> orgRole(long userId, long orgId) {
        return orgRoles.get(new Key(userId, orgId), k -> jdbc.sql("SELECT role FROM org_members WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId).query(String.class).optional().map(OrgRole::fromWire));
    }

    /**
     * Forgets every cached answer on every node; call in the transaction that changes memberships, teams,
     * grants or projects (see {@link SharedCache#invalidateAll()} for when each node forgets).
     */
    void forget() {
        projectRoles.invalidateAll();
        orgRoles.invalidateAll();
        orgOfProject.invalidateAll();
    }
}
