package dev.arena.instances.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who owns a player's instances in a project: the player ({@code user-<id>}) or, in team mode, their team
 * ({@code team-<id>}): of their teams in the project's organisation, the lowest-numbered one granted on
 * the project, else the lowest-numbered one. Team answers are cached for a few seconds, so polling players
 * never touch the database; a player moved to another team owns that team's instance within that time.
 */
@Component
class Owners {

    private record Key(long projectId, long userId) {
    }

    private final JdbcClient jdbc;
    private final Policies policies;
    private final Cache<Key, Optional<Long>> teams = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();

    Owners(JdbcClient jdbc, Policies policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    /** The owner label of a player's instances. @throws InstancesProblem.TeamRequired in team mode without a team */
    String of(long projectId, long userId) {
        if (policies.of(projectId).ownership() == Policies.Ownership.PLAYER) {
            return "user-" + userId;
        }
        return "team-" + teams.get(new Key(projectId, userId), this::teamOf).orElseThrow(InstancesProblem.TeamRequired::new);
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
