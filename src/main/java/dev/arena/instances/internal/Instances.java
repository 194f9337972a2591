package dev.arena.instances.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Db;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The instances, and the cache players' status polls are answered from. Every write here forgets the
 * owner's cached entry on this node, once at once and once more after the commit (so that a read between
 * the write and the commit cannot put the old state back), and on every other node when it commits
 * ({@link SharedCache}): polls never see stale state, on any node, and never touch the database while
 * nothing changes.
 */
@Repository
class Instances {

    private static final String LIVE = "('starting', 'running', 'stopping')";

    private final JdbcClient jdbc;
    /** The latest instance of each owner and challenge, by live key; empty when there has never been one. */
    private final SharedCache<String, Optional<Instance>> latest;

    Instances(JdbcClient jdbc, SharedCaches caches) {
        this.jdbc = jdbc;
        this.latest = caches.create("instances.latest", Caffeine.newBuilder().maximumSize(200_000), Function.identity());
    }

    /** The latest instance of an owner for a challenge, live or not, from the cache when it can. */
    Optional<Instance> latest(long challengeId, String owner) {
        return latest.get(challengeId + ":" + owner, key -> jdbc.sql(
                        "SELECT * FROM instances WHERE challenge_id = ? AND owner = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .params(challengeId, owner).query(Instances::row).optional());
    }

    /** An instance of a project. @throws ResourceNotFound when the project has no such instance */
    Instance get(long projectId, long instanceId) {
        return jdbc.sql("SELECT * FROM instances WHERE id = ? AND project_id = ?").params(instanceId, projectId)
                .query(Instances::row).optional().orElseThrow(() -> new ResourceNotFound("instance"));
    }

    Instance get(long instanceId) {
        return jdbc.sql("SELECT * FROM instances WHERE id = ?").param(instanceId).query(Instances::row).single();
    }

    Optional<Instance> live(String liveKey) {
        return jdbc.sql("SELECT * FROM instances WHERE live_key = ?").param(liveKey).query(Instances::row).optional();
    }

    int countLive(long projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM instances WHERE project_id = ? AND status IN " + LIVE).param(projectId)
                .query(Integer.class).single();
    }

    int countLiveStartedBy(long projectId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM instances WHERE project_id = ? AND started_by = ? AND status IN " + LIVE)
                .params(projectId, userId).query(Integer.class).single();
    }

    /** Records a new instance in {@code starting}; its live key makes a second live one of the owner impossible. */
    void insert(Instance i) {
        jdbc.sql("""
                        INSERT INTO instances (id, project_id, challenge_id, owner, started_by, status, live_key, ports, flag,
                            extensions, max_extensions, created_at, expires_at, deadline)
                        VALUES (?, ?, ?, ?, ?, 'starting', ?, '', ?, 0, ?, ?, ?, ?)""")
                .params(i.id(), i.projectId(), i.challengeId(), i.owner(), i.startedBy(), i.liveKey(), i.flag(), i.maxExtensions(),
                        Db.ts(i.createdAt()), Db.ts(i.expiresAt()), Db.ts(i.deadline()))
                .update();
        changed(i);
    }

    /** Records the container of a starting instance; false if the instance is no longer starting. */
    boolean recordContainer(Instance i, String containerId) {
        return changed(i, jdbc.sql("UPDATE instances SET container_id = ? WHERE id = ? AND status = 'starting'")
                .params(containerId, i.id()).update());
    }

    /** A starting instance runs; false if it is no longer starting (it was stopped meanwhile). */
    boolean markRunning(Instance i, List<Instance.Port> ports, Instant expiresAt) {
        return changed(i, jdbc.sql("UPDATE instances SET status = 'running', ports = ?, expires_at = ? WHERE id = ? AND status = 'starting'")
                .params(ports(ports), Db.ts(expiresAt), i.id()).update());
    }

    /** Claims a starting or running instance for stopping; false if another caller claimed it first. */
    boolean claimForStop(Instance i) {
        return changed(i, jdbc.sql("UPDATE instances SET status = 'stopping' WHERE id = ? AND status IN ('starting', 'running')")
                .param(i.id()).update());
    }

    /** Ends a live instance as stopped or failed and frees its owner's live key; false if it had ended already. */
    boolean end(Instance i, Instance.Status status, @Nullable String failure, Instant at) {
        return end(i, status, failure, at, LIVE);
    }

    /** Ends an instance whose start failed; false if a stop claimed it first (or it ended already). */
    boolean endStarting(Instance i, String failure, Instant at) {
        return end(i, Instance.Status.FAILED, failure, at, "('starting')");
    }

    private boolean end(Instance i, Instance.Status status, @Nullable String failure, Instant at, String from) {
        return changed(i, jdbc.sql("""
                        UPDATE instances SET status = ?, live_key = NULL, ended_at = ?, failure = ?
                        WHERE id = ? AND status IN """ + from)
                .params(status.wireName(), Db.ts(at), failure == null ? "" : failure, i.id()).update());
    }

    /** The live instance of a live key, its row locked until the transaction ends; call inside one. */
    Optional<Instance> lockLive(String liveKey) {
        return jdbc.sql("SELECT * FROM instances WHERE live_key = ? FOR UPDATE").param(liveKey).query(Instances::row).optional();
    }

    /** Records the extensions and expiry of an instance whose row this transaction locked. */
    void setExtended(Instance i) {
        jdbc.sql("UPDATE instances SET extensions = ?, expires_at = ? WHERE id = ?")
                .params(i.extensions(), Db.ts(i.expiresAt()), i.id()).update();
        changed(i);
    }

    /** Running instances that expired, soonest first, through the expiry index. */
    List<Instance> expired(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM instances WHERE expires_at <= ? AND status = 'running' ORDER BY expires_at FETCH FIRST ? ROWS ONLY")
                .params(Db.ts(now), limit).query(Instances::row).list();
    }

    /** Every live instance. */
    List<Instance> allLive() {
        return jdbc.sql("SELECT * FROM instances WHERE status IN " + LIVE).query(Instances::row).list();
    }

    /** Those of the given containers that an ended instance records: warm-pool containers once taken, now left over. */
    Set<String> endedWith(Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT container_id FROM instances WHERE container_id IN (:ids) AND status NOT IN " + LIVE)
                .param("ids", containerIds).query(String.class).list());
    }

    List<Instance> liveOf(long challengeId) {
        return jdbc.sql("SELECT * FROM instances WHERE challenge_id = ? AND status IN " + LIVE).param(challengeId)
                .query(Instances::row).list();
    }

    /** Live instances a user owns as a player in a project (not their team's). */
    List<Instance> liveOfPlayer(long projectId, long userId) {
        return jdbc.sql("SELECT * FROM instances WHERE project_id = ? AND owner = ? AND status IN " + LIVE)
                .params(projectId, "user-" + userId).query(Instances::row).list();
    }

    /** A project's instances, oldest first: all, only live ones, and/or only those in {@code status} (when not null). */
    Page<Instance> of(long projectId, boolean liveOnly, Instance.@Nullable Status status, long after, int limit) {
        var query = jdbc.sql("SELECT * FROM instances WHERE project_id = :project AND id > :after"
                        + (liveOnly ? " AND status IN " + LIVE : "") + (status == null ? "" : " AND status = :status")
                        + " ORDER BY id FETCH FIRST :rows ROWS ONLY")
                .param("project", projectId).param("after", after).param("rows", limit + 1);
        if (status != null) {
            query = query.param("status", status.wireName());
        }
        List<Instance> rows = query.query(Instances::row).list();
        return Page.keyset(rows, limit, Instance::id);
    }

    private boolean changed(Instance i, int rows) {
        changed(i);
        return rows == 1;
    }

    private void changed(Instance i) {
        latest.invalidate(i.liveKey());
    }

    private static String ports(List<Instance.Port> ports) {
        return ports.stream().map(p -> p.port() + ":" + p.hostPort()).collect(Collectors.joining(","));
    }

    private static List<Instance.Port> ports(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(pair -> pair.split(":"))
                .map(p -> new Instance.Port(Integer.parseInt(p[0]), Integer.parseInt(p[1]))).toList();
    }

    private static Instance row(ResultSet rs, int n) throws SQLException {
        String failure = rs.getString("failure");
        return new Instance(rs.getLong("id"), rs.getLong("project_id"), rs.getLong("challenge_id"), rs.getString("owner"),
                rs.getLong("started_by"), Instance.Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("container_id"), ports(rs.getString("ports")), rs.getString("flag"), rs.getInt("extensions"),
                rs.getInt("max_extensions"), Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"), Db.instant(rs, "deadline"),
                Db.nullableInstant(rs, "ended_at"), failure == null || failure.isEmpty() ? null : failure);
    }
}
