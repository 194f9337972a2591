package dev.arena.identity.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.security.Callers;
import dev.arena.platform.ResourceNotFound;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who may do what, from the membership and grant tables. A user's effective project role is the highest of
 * their own grant, their teams' grants, and org ownership or administration (which count as project admin);
 * grants count only while the user is a member of the project's organisation.
 *
 * <p>Answers are cached for a few seconds. Every change of roles through tenancy calls {@link #forget()},
 * so on this node a change is seen at once; other nodes see it within {@link #CACHE_TTL}.
 */
@Service
class Access implements ProjectAccess, OrgAccess {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /** A user's role in one project, or none; and whether the project exists at all. */
    private record Standing(boolean projectExists, @Nullable ProjectRole role) {
    }

    private record Key(long subject, long target) {
    }

    private final JdbcClient jdbc;
    private final Cache<Key, Standing> projectRoles = cache();
    private final Cache<Key, Optional<OrgRole>> orgRoles = cache();
    private final Cache<Long, Long> orgOfProject = Caffeine.newBuilder().maximumSize(100_000).build();

    Access(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static <V> Cache<Key, V> cache() {
        return Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(CACHE_TTL).build();
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
        Long cached = orgOfProject.getIfPresent(projectId);
        if (cached != null) {
            return cached;
        }
        long org = jdbc.sql("SELECT org_id FROM projects WHERE id = ?").param(projectId).query(Long.class).optional()
                .orElseThrow(() -> new ResourceNotFound("project"));
        orgOfProject.put(projectId, org);
        return org;
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
     * Forgets every cached answer; call after any change of memberships, teams, grants or projects. Inside
     * a transaction it forgets again after the commit, so that a request reading the old rows between the
     * change and its commit cannot cache them for another {@link #CACHE_TTL}.
     */
    void forget() {
        invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    invalidateAll();
                }
            });
        }
    }

    private void invalidateAll() {
        projectRoles.invalidateAll();
        orgRoles.invalidateAll();
        orgOfProject.invalidateAll();
    }
}
