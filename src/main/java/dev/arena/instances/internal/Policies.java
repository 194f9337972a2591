package dev.arena.instances.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.util.Locale;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How each project runs instances: per player or per team, and its caps. A project without a row runs
 * with the settings' defaults. Cached; a change here forgets the cached answer on every node
 * ({@link SharedCache}).
 */
@Repository
class Policies {

    enum Ownership {
        PLAYER, TEAM;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Ownership fromWire(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InstancesProblem.Unacceptable("ownership", "ownership must be player or team");
            }
        }
    }

    record Policy(long projectId, Ownership ownership, int maxRunningPerPlayer, int maxRunningPerProject) {
        Policy {
            if (maxRunningPerPlayer < 1 || maxRunningPerPlayer > 1000) {
                throw new InstancesProblem.Unacceptable("maxRunningPerPlayer", "maxRunningPerPlayer must be 1-1000");
            }
            if (maxRunningPerProject < 1 || maxRunningPerProject > 100_000) {
                throw new InstancesProblem.Unacceptable("maxRunningPerProject", "maxRunningPerProject must be 1-100000");
            }
        }
    }

    private final JdbcClient jdbc;
    private final InstancesSettings settings;
    private final SharedCache<Long, Policy> cache;

    Policies(JdbcClient jdbc, InstancesSettings settings, SharedCaches caches) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.cache = caches.create("instances.policies", Caffeine.newBuilder().maximumSize(10_000), Long::valueOf);
    }

    Policy of(long projectId) {
        return cache.get(projectId, this::load);
    }

    /** Sets a project's policy. */
    @Transactional
    Policy put(Policy policy) {
        ensureRow(policy.projectId());
        jdbc.sql("UPDATE instance_policies SET ownership = ?, max_running_per_player = ?, max_running_per_project = ? WHERE project_id = ?")
                .params(policy.ownership().wireName(), policy.maxRunningPerPlayer(), policy.maxRunningPerProject(), policy.projectId())
                .update();
        cache.invalidate(policy.projectId());
        return policy;
    }

    /**
     * Locks the project's policy row until the transaction ends, so that starts in one project count the
     * caps one after another; returns the policy as locked.
     */
    Policy lock(long projectId) {
        return jdbc.sql("SELECT * FROM instance_policies WHERE project_id = ? FOR UPDATE").param(projectId)
                .query((rs, n) -> new Policy(projectId, Ownership.fromWire(rs.getString("ownership")),
                        rs.getInt("max_running_per_player"), rs.getInt("max_running_per_project")))
                .single();
    }

    /** Makes sure the project has a policy row, in a transaction of its own (a lost race is no failure). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void ensureRow(long projectId) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM instance_policies WHERE project_id = ?").param(projectId)
                .query(Integer.class).single() > 0;
        if (exists) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO instance_policies (project_id, ownership, max_running_per_player, max_running_per_project) VALUES (?, ?, ?, ?)")
                    .params(projectId, Ownership.PLAYER.wireName(), settings.maxRunningPerPlayer(), settings.maxRunningPerProject())
                    .update();
        } catch (DuplicateKeyException raced) {
            // Another request created it first: just as good.
        }
    }

    private Policy load(long projectId) {
        return jdbc.sql("SELECT * FROM instance_policies WHERE project_id = ?").param(projectId)
                .query((rs, n) -> new Policy(projectId, Ownership.fromWire(rs.getString("ownership")),
                        rs.getInt("max_running_per_player"), rs.getInt("max_running_per_project")))
                .optional()
                .orElseGet(() -> new Policy(projectId, Ownership.PLAYER, settings.maxRunningPerPlayer(), settings.maxRunningPerProject()));
    }
}
