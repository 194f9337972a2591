package dev.arena.threats.respond;

import dev.arena.platform.Db;
import dev.arena.platform.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The block list in the database: the record every node reloads its {@link BlockList} from. */
@Repository
class Blocks {

    private final JdbcClient jdbc;

    Blocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a block; an expired block of the same range gives its place up first.
     *
     * @throws DuplicateKeyException when the project has an active block of the range
     */
    void insert(Block b) {
        String key = Block.activeKey(b.projectId(), b.cidr());
        jdbc.sql("UPDATE threat_blocks SET active_key = NULL WHERE active_key = ? AND expires_at <= ?")
                .params(key, Db.ts(b.createdAt())).update();
        jdbc.sql("""
                        INSERT INTO threat_blocks (id, project_id, cidr, reason, created_by, policy, session_id, created_at,
                                                   expires_at, active_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(b.id(), b.projectId(), b.cidr(), b.reason(), b.createdBy(), b.policy(), b.sessionId(),
                        Db.ts(b.createdAt()), Db.ts(b.expiresAt()), key)
                .update();
    }

    /** Lifts a block that is still in force; false when it had expired or was lifted already. */
    boolean lift(Block b, @Nullable Long userId, Instant now) {
        return jdbc.sql("UPDATE threat_blocks SET lifted_at = ?, lifted_by = ?, active_key = NULL "
                        + "WHERE id = ? AND lifted_at IS NULL AND expires_at > ?")
                .params(Db.ts(now), userId, b.id(), Db.ts(now)).update() == 1;
    }

    Optional<Block> get(long projectId, long id) {
        return jdbc.sql("SELECT * FROM threat_blocks WHERE project_id = ? AND id = ?").params(projectId, id)
                .query(Blocks::row).optional();
    }

    /** The project's active block of exactly this range, if any. */
    Optional<Block> active(long projectId, String cidr, Instant now) {
        return jdbc.sql("SELECT * FROM threat_blocks WHERE active_key = ? AND expires_at > ?")
                .params(Block.activeKey(projectId, cidr), Db.ts(now)).query(Blocks::row).optional();
    }

    /** How many blocks of this range the project ever made: a repeat offender's count. */
    int countOf(long projectId, String cidr) {
        return jdbc.sql("SELECT COUNT(*) FROM threat_blocks WHERE project_id = ? AND cidr = ?").params(projectId, cidr)
                .query(Integer.class).single();
    }

    /** Every project's blocks in force, for the filter. */
    List<Block> allActive(Instant now) {
        return jdbc.sql("SELECT * FROM threat_blocks WHERE expires_at > ? AND active_key IS NOT NULL").param(Db.ts(now))
                .query(Blocks::row).list();
    }

    Page<Block> of(long projectId, boolean activeOnly, Instant now, long after, int limit) {
        List<Block> rows = activeOnly
                ? jdbc.sql("SELECT * FROM threat_blocks WHERE project_id = ? AND id > ? AND active_key IS NOT NULL AND expires_at > ?"
                        + " ORDER BY id FETCH FIRST ? ROWS ONLY").params(projectId, after, Db.ts(now), limit + 1).query(Blocks::row).list()
                : jdbc.sql("SELECT * FROM threat_blocks WHERE project_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                        .params(projectId, after, limit + 1).query(Blocks::row).list();
        return Page.keyset(rows, limit, Block::id);
    }

    private static Block row(ResultSet rs, int n) throws SQLException {
        return new Block(rs.getLong("id"), rs.getLong("project_id"), rs.getString("cidr"), rs.getString("reason"),
                rs.getObject("created_by", Long.class), rs.getString("policy"), rs.getObject("session_id", Long.class),
                Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"), Db.nullableInstant(rs, "lifted_at"),
                rs.getObject("lifted_by", Long.class));
    }
}
