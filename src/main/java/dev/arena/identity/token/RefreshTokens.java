package dev.arena.identity.token;

import dev.arena.identity.ProjectRole;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refresh tokens: opaque secrets stored as their digest, single use, in families. The first token of a
 * family is minted with an access token; each refresh spends one and issues its successor in the same
 * family. Spending is one conditional update, so of any number of concurrent attempts exactly one wins.
 */
@Repository
class RefreshTokens {

    static final String PREFIX = "arr_";

    private static final RowMapper<RefreshToken> ROW = (rs, n) -> new RefreshToken(rs.getLong("id"), rs.getLong("family_id"),
            rs.getLong("project_id"), rs.getString("subject"), ProjectRole.fromWire(rs.getString("role")),
            Duration.ofSeconds(rs.getInt("access_ttl_seconds")), Db.instant(rs, "expires_at"),
            Db.nullableInstant(rs, "used_at"), Db.nullableInstant(rs, "revoked_at"));

    private final JdbcClient jdbc;
    private final Ids ids;

    RefreshTokens(JdbcClient jdbc, Ids ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /** A stored refresh token; {@code subject} is {@code user:<id>}. */
    record RefreshToken(long id, long familyId, long projectId, String subject, ProjectRole role, Duration accessTtl,
                        Instant expiresAt, @Nullable Instant usedAt, @Nullable Instant revokedAt) {
    }

    /** What presenting a refresh token came to. */
    sealed interface Spending {
        /** It was live and is now spent: issue its successor. */
        record Spent(RefreshToken token) implements Spending {
        }

        /** It had been spent before: someone holds a copy (RFC 9700 §4.14.2). */
        record Reused(RefreshToken token) implements Spending {
        }

        /** Unknown, expired or revoked. */
        record Unusable() implements Spending {
        }
    }

    /** A new refresh token: the secret, which exists nowhere else, and the family it belongs to. */
    record Issued(String secret, long familyId) {
    }

    /** Issues a refresh token: the first of a new family when {@code familyId} is null. */
    Issued issue(@Nullable Long familyId, long projectId, String subject, ProjectRole role, Duration accessTtl,
                 Instant now, Duration ttl) {
        String secret = Tokens.newSecret(PREFIX);
        long id = ids.next();
        long family = familyId == null ? id : familyId;
        jdbc.sql("""
                        INSERT INTO refresh_tokens (id, family_id, project_id, subject, role, token_hash, created_at, expires_at,
                                                    access_ttl_seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, family, projectId, subject, role.wireName(), Tokens.digest(secret),
                        Db.ts(now), Db.ts(now.plus(ttl)), (int) accessTtl.toSeconds())
                .update();
        return new Issued(secret, family);
    }

    /**
     * Spends a refresh token: marks it used if it is live and nobody spent it first. Run it in the
     * transaction that issues the successor, so that a failure leaves the token unspent.
     */
    Spending spend(String secret, Instant now) {
        if (!secret.startsWith(PREFIX) || secret.length() > 100) {
            return new Spending.Unusable();
        }
        String digest = Tokens.digest(secret);
        int spent = jdbc.sql("""
                        UPDATE refresh_tokens SET used_at = ?
                        WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?""")
                .params(Db.ts(now), digest, Db.ts(now))
                .update();
        Optional<RefreshToken> token = jdbc.sql("SELECT * FROM refresh_tokens WHERE token_hash = ?").param(digest).query(ROW).optional();
        if (token.isEmpty()) {
            return new Spending.Unusable();
        }
        if (spent == 1) {
            return new Spending.Spent(token.get());
        }
        return token.get().usedAt() != null ? new Spending.Reused(token.get()) : new Spending.Unusable();
    }

    /** Revokes every token of a family that is not revoked yet; returns how many. */
    int revokeFamily(long familyId, Instant now) {
        return jdbc.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(Db.ts(now), familyId).update();
    }

    /** Revokes every live refresh token of a project; returns how many. */
    int revokeProject(long projectId, Instant now) {
        return jdbc.sql("""
                        UPDATE refresh_tokens SET revoked_at = ?
                        WHERE project_id = ? AND revoked_at IS NULL AND used_at IS NULL AND expires_at > ?""")
                .params(Db.ts(now), projectId, Db.ts(now)).update();
    }

    /** Removes tokens that expired; returns how many. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at <= ?").param(Db.ts(now)).update();
    }
}
