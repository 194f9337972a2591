package dev.arena.threats.respond;

import dev.arena.platform.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Projects' own policy sets in {@code threat_policies}: every version kept, the newest in force. */
@Repository
class PolicySets {

    /** A project's set as stored, with who stored it ({@code null}: nobody signed in) and when. */
    record Stored(PolicySet set, @Nullable Long createdBy, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PolicySets(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The project's newest set, if it has one.
     *
     * @throws PolicySet.Invalid when the stored document no longer passes the checks
     */
    Optional<Stored> current(long projectId) {
        return jdbc.sql("SELECT document, created_by, created_at FROM threat_policies WHERE project_id = ?"
                        + " ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")
                .param(projectId).query(this::stored).optional();
    }

    /**
     * One version of the project's own set, in force or replaced since.
     *
     * @throws PolicySet.Invalid when the stored document no longer passes the checks
     */
    Optional<Stored> version(long projectId, int version) {
        return jdbc.sql("SELECT document, created_by, created_at FROM threat_policies WHERE project_id = ? AND version = ?")
                .params(projectId, version).query(this::stored).optional();
    }

    private Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(PolicySet.of(json.readValue(rs.getString("document"), Object.class)), rs.getObject("created_by", Long.class),
                Db.instant(rs, "created_at"));
    }

    /**
     * Stores a new version of the project's set.
     *
     * @throws DuplicateKeyException when that version exists: someone stored it first
     */
    void insert(long projectId, PolicySet set, @Nullable Long userId, Instant at) {
        jdbc.sql("INSERT INTO threat_policies (project_id, version, document, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(projectId, set.version(), json.writeValueAsString(set.document()), userId, Db.ts(at))
                .update();
    }
}
