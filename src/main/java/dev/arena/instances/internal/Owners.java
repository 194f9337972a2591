package dev.arena.instances.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.IdentityEvent;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who owns a player's instances in a project: the player ({@code user-<id>}) or, in team mode, their team
 * ({@code team-<id>}): of their teams in the project's organisation, the lowest-numbered one granted on
 * the project, else the lowest-numbered one. Team answers are cached in a {@link SharedCache}, so polling
 * players never touch the database; every node forgets them all when identity tells of a change of team
 * members or of roles (which covers team grants and members leaving the organisation, and their teams), in
 * the changing transaction: a player moved to another team owns that team's instance once the move commits.
 */
@Component
class Owners {

    /** A player in a project; as text {@code project/user}. */
    private record Key(long projectId, long userId) {

        static Key parse(String text) {
            int slash = text.indexOf('/');
            return new Key(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return projectId + "/" + userId;
        }
    }

    private final JdbcClient jdbc;
    private final Policies policies;
    private final SharedCache<Key, Optional<Long>> teams;

    Owners(JdbcClient jdbc, Policies policies, SharedCaches caches) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.teams = caches.create("instances.teams", Caffeine.newBuilder().maximumSize(100_000), Key::parse);
    }

    /** The owner label of a player's instances. @throws InstancesProblem.TeamRequired in team mode without a team */
    String of(long projectId, long userId) {
        if (policies.of(projectId).ownership() == Policies.Ownership.PLAYER) {
            return "user-" + userId;
        }
        return "team-" + teams.get(new Key(projectId, userId), this::teamOf).orElseThrow(InstancesProblem.TeamRequired::new);
    }

    @EventListener
    void on(IdentityEvent.TeamMembersChanged changed) {
        teams.invalidateAll();
    }

    @EventListener
    void on(IdentityEvent.RoleChanged changed) {
        teams.invalidateAll();
    }

    private Optional<Long> teamOf(Key key) {
        return jdbc.sql("""
                        SELECT tm.team_id FROM team_members tm JOIN teams t ON t.id = tm.team_id
                        WHERE tm.user_id = :user AND t.org_id = (SELECT org_id FROM projects WHERE id = :project)
                        ORDER BY CASE WHEN EXISTS (SELECT 1 FROM project_grants g WHERE g.project_id = :project
                            AND g.subject_type = 'team' AND g.subject_id = tm.team_id) THEN 0 ELSE 1 END, tm.team_id
                        FETCH FIRST 1 ROWS ONLY""")
                .param("user", key.userId()).param("project", key.projectId()).query(Long.class).optional();
    }
}
