package dev.arena.identity.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Db;
import java.time.Duration;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table. Reads by id are cached for a few seconds (profile reads are the hottest path in the
 * API); every write through this class invalidates the entry on this node.
 */
@Repository
public class Users {

    private static final RowMapper<User> ROW = (rs, n) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("display_name"), rs.getString("password_hash"), rs.getBoolean("email_verified"),
            Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final Cache<Long, User> byId = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(10)).build();

    Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<User> byId(long id) {
        User cached = byId.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<User> user = jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(ROW).optional();
        user.ifPresent(u -> byId.put(id, u));
        return user;
    }

    public Optional<User> byEmail(String normalisedEmail) {
        return jdbc.sql("SELECT * FROM users WHERE email = ?").param(normalisedEmail).query(ROW).optional();
    }

    /** Inserts a user; returns false when the email is taken (a concurrent registration won). */
    boolean insert(User user) {
        try {
            return jdbc.sql("""
                            INSERT INTO users (id, email, display_name, password_hash, email_verified, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(user.id(), user.email(), user.displayName(), user.passwordHash(), user.emailVerified(),
                            Db.ts(user.createdAt()))
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
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
