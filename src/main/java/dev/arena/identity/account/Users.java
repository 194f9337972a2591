package dev.arena.identity.account;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Db;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table. Reads by id are cached in a {@link SharedCache} (profile reads are the hottest path in
 * the API); every write through this class makes every node forget the user once it commits.
 */
@Repository
public class Users {

    private static final RowMapper<User> ROW = (rs, n) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("display_name"), rs.getString("password_hash"), rs.getBoolean("email_verified"),
            Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final SharedCache<Long, Optional<User>> byId;

    Users(JdbcClient jdbc, SharedCaches caches) {
        this.jdbc = jdbc;
        this.byId = caches.create("identity.users", Caffeine.newBuilder().maximumSize(100_000), Long::valueOf);
    }

    public Optional<User> byId(long id) {
        return byId.get(id, key -> jdbc.sql("SELECT * FROM users WHERE id = ?").param(key).query(ROW).optional());
    }

    public Optional<User> byEmail(String normalisedEmail) {
        return jdbc.sql("SELECT * FROM users WHERE email = ?").param(normalisedEmail).query(ROW).optional();
    }

    /**
     * Inserts a user; returns false when the email is taken (a concurrent registration won). Forgets the id
     * after, since a lookup of it before (a guessed id) would otherwise keep it missing.
     */
    boolean insert(User user) {
        boolean inserted;
        try {
            inserted = jdbc.sql("""
                            INSERT INTO users (id, email, display_name, password_hash, email_verified, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(user.id(), user.email(), user.displayName(), user.passwordHash(), user.emailVerified(),
                            Db.ts(user.createdAt()))
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
        byId.invalidate(user.id());
        return inserted;
    }

    void updatePasswordHash(long id, String hash) {
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(hash, id).update();
        byId.invalidate(id);
    }

    void markEmailVerified(long id) {
        jdbc.sql("UPDATE users SET email_verified = TRUE WHERE id = ?").param(id).update();
        byId.invalidate(id);
    }

    /** Locks the user's row until the transaction ends, serialising session creation for that user. */
    void lock(long id) {
        jdbc.sql("SELECT id FROM users WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional();
    }
}
