package dev.arena.instances.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The challenges of projects. A challenge is read on every start, extend, stop and flag of its players, so
 * reads by id come from a {@link SharedCache} that every change here forgets, on every node.
 */
@Repository
class Challenges {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> ENV = new TypeReference<>() { };
    private static final TypeReference<List<String>> COMMAND = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    /** Challenges by id; empty for an id that has none. */
    private final SharedCache<Long, Optional<Challenge>> byId;

    Challenges(JdbcClient jdbc, Ids ids, Clock clock, SharedCaches caches) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.byId = caches.create("instances.challenges", Caffeine.newBuilder().maximumSize(20_000), Long::valueOf);
    }

    /** Stores a new, validated challenge under a fresh id. */
    Challenge create(Challenge draft) {
        Instant now = clock.instant();
        var challenge = new Challenge(ids.next(), draft.projectId(), draft.name(), draft.image(), draft.command(), draft.ports(),
                draft.memoryMib(), draft.cpus(), draft.lifetime(), draft.extension(), draft.maxExtensions(), draft.maxTotal(),
                draft.env(), draft.flagTemplate(), draft.flagFile(), draft.flagEnv(), draft.allowOutbound(), draft.capabilities(),
                draft.writableRoot(), draft.warmPool(), now, now).validate();
        try {
            jdbc.sql("""
                    INSERT INTO challenges (id, project_id, name, image, command, ports, memory_mib, cpus, lifetime_s, extension_s,
                        max_extensions, max_total_s, env, flag_template, flag_file, flag_env, allow_outbound, capabilities, writable_root,
                        warm_pool, created_at, updated_at)
                    VALUES (:id, :project, :name, :image, :command, :ports, :memory, :cpus, :lifetime, :extension,
                        :maxExtensions, :maxTotal, :env, :flag, :flagFile, :flagEnv, :outbound, :capabilities, :writableRoot, :warmPool, :now, :now)""")
                    .param("id", challenge.id()).param("project", challenge.projectId()).params(columns(challenge))
                    .param("now", Db.ts(now)).update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(challenge.name());
        }
        byId.invalidate(challenge.id());
        return challenge;
    }

    /** Replaces a challenge's definition; instances already running keep what they started with. */
    Challenge update(Challenge changed) {
        Challenge challenge = changed.validate();
        try {
            jdbc.sql("""
                    UPDATE challenges SET name = :name, image = :image, command = :command, ports = :ports, memory_mib = :memory,
                        cpus = :cpus, lifetime_s = :lifetime, extension_s = :extension, max_extensions = :maxExtensions,
                        max_total_s = :maxTotal, env = :env, flag_template = :flag, flag_file = :flagFile, flag_env = :flagEnv,
                        allow_outbound = :outbound, capabilities = :capabilities, writable_root = :writableRoot, warm_pool = :warmPool,
                        updated_at = :now
                    WHERE id = :id""")
                    .param("id", challenge.id()).params(columns(challenge)).param("now", Db.ts(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(challenge.name());
        }
        byId.invalidate(challenge.id());
        return get(challenge.projectId(), challenge.id());
    }

    /** A challenge of a project. @throws ResourceNotFound when the project has no such challenge */
    Challenge get(long projectId, long challengeId) {
        return byId.get(challengeId, id -> jdbc.sql("SELECT * FROM challenges WHERE id = ?").param(id).query(Challenges::row).optional())
                .filter(challenge -> challenge.projectId() == projectId).orElseThrow(() -> new ResourceNotFound("challenge"));
    }

    /** Every challenge with a warm pool, of all projects. */
    List<Challenge> pooled() {
        return jdbc.sql("SELECT * FROM challenges WHERE warm_pool > 0").query(Challenges::row).list();
    }

    /** Whether players may start instances of the challenge (a closed one refuses new starts). */
    boolean isOpen(long challengeId) {
        return jdbc.sql("SELECT open FROM challenges WHERE id = ?").param(challengeId).query(Boolean.class).optional().orElse(false);
    }

    /** Opens or closes a challenge. @throws ResourceNotFound when the project has no such challenge */
    void setOpen(long projectId, long challengeId, boolean open) {
        if (jdbc.sql("UPDATE challenges SET open = ?, updated_at = ? WHERE id = ? AND project_id = ?")
                .params(open, Db.ts(clock.instant()), challengeId, projectId).update() == 0) {
            throw new ResourceNotFound("challenge");
        }
    }

    /** Id, name and open flag of a project's challenges, by id; {@code name} narrows to one. */
    List<Map.Entry<Challenge, Boolean>> summaries(long projectId, @Nullable String name, int limit) {
        return jdbc.sql("SELECT * FROM challenges WHERE project_id = :project AND (CAST(:name AS VARCHAR(100)) IS NULL OR name = :name)"
                        + " ORDER BY id FETCH FIRST :limit ROWS ONLY")
                .param("project", projectId).param("name", nullable(name)).param("limit", limit)
                .query((rs, n) -> Map.entry(row(rs, n), rs.getBoolean("open"))).list();
    }

    Page<Challenge> of(long projectId, long after, int limit) {
        List<Challenge> rows = jdbc.sql("SELECT * FROM challenges WHERE project_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(projectId, after, limit + 1).query(Challenges::row).list();
        return Page.keyset(rows, limit, Challenge::id);
    }

    void delete(long projectId, long challengeId) {
        jdbc.sql("DELETE FROM challenges WHERE id = ? AND project_id = ?").params(challengeId, projectId).update();
        byId.invalidate(challengeId);
    }

    private static Map<String, Object> columns(Challenge c) {
        return Map.ofEntries(
                Map.entry("name", c.name()), Map.entry("image", c.image()),
                Map.entry("command", JSON.writeValueAsString(c.command())),
                Map.entry("ports", String.join(",", c.ports().stream().map(String::valueOf).toList())),
                Map.entry("memory", c.memoryMib()), Map.entry("cpus", c.cpus()),
                Map.entry("lifetime", (int) c.lifetime().toSeconds()), Map.entry("extension", (int) c.extension().toSeconds()),
                Map.entry("maxExtensions", c.maxExtensions()), Map.entry("maxTotal", (int) c.maxTotal().toSeconds()),
                Map.entry("env", JSON.writeValueAsString(c.env())), Map.entry("flag", c.flagTemplate()),
                Map.entry("flagFile", nullable(c.flagFile())), Map.entry("flagEnv", nullable(c.flagEnv())),
                Map.entry("outbound", c.allowOutbound()), Map.entry("capabilities", String.join(",", c.capabilities())),
                Map.entry("writableRoot", c.writableRoot()), Map.entry("warmPool", c.warmPool()));
    }

    /** JdbcClient's named parameters take a null through an explicit SQL type; a typed null does. */
    private static Object nullable(@Nullable String value) {
        return value == null ? new org.springframework.jdbc.core.SqlParameterValue(java.sql.Types.VARCHAR, null) : value;
    }

    /** A challenge with unmodifiable collections: the cache hands the same one to every caller. */
    private static Challenge row(ResultSet rs, int n) throws SQLException {
        return new Challenge(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"), rs.getString("image"),
                List.copyOf(JSON.readValue(rs.getString("command"), COMMAND)),
                Arrays.stream(rs.getString("ports").split(",")).map(Integer::valueOf).toList(),
                rs.getInt("memory_mib"), rs.getDouble("cpus"), Duration.ofSeconds(rs.getInt("lifetime_s")),
                Duration.ofSeconds(rs.getInt("extension_s")), rs.getInt("max_extensions"), Duration.ofSeconds(rs.getInt("max_total_s")),
                Collections.unmodifiableMap(JSON.readValue(rs.getString("env"), ENV)), rs.getString("flag_template"), rs.getString("flag_file"),
                rs.getString("flag_env"), rs.getBoolean("allow_outbound"),
                rs.getString("capabilities").isEmpty() ? List.of() : List.of(rs.getString("capabilities").split(",")),
                rs.getBoolean("writable_root"), rs.getInt("warm_pool"), Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }

    private static InstancesProblem.Conflict nameTaken(String name) {
        return new InstancesProblem.Conflict("The project already has a challenge named '" + name + "'.");
    }
}
