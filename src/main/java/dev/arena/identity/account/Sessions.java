package dev.arena.identity.account;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import dev.arena.platform.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions: opaque random tokens, stored as their SHA-256 digest. Authenticating a token is served from
 * a {@link SharedCache} (hits and misses), so the hot path never touches the database; revoking through
 * this class makes every node forget the session once the revocation commits.
 */
@Repository
public class Sessions {

    static final String TOKEN_PREFIX = "ars_";

    private static final RowMapper<Session> ROW = (rs, n) -> new Session(rs.getLong("id"), rs.getLong("user_id"),
            rs.getString("token_hash"), rs.getString("client"), rs.getString("ip"), rs.getString("user_agent"),
            Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"));

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final IdentitySettings settings;
    private final Users users;
    private final SharedCache<String, Optional<Session>> byDigest;

    Sessions(JdbcClient jdbc, Ids ids, Clock clock, IdentitySettings settings, Users users, SharedCaches caches) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.users = users;
        this.byDigest = caches.create("identity.sessions", Caffeine.newBuilder().maximumSize(200_000), Function.identity());
    }

    /** A stored session. {@code client} is "web" or "cli". */
    public record Session(long id, long userId, String tokenDigest, String client, String ip, String userAgent,
                          Instant createdAt, Instant expiresAt) {
    }

    /** A new session and the secret that proves it; the secret exists nowhere else. */
    public record Opened(Session session, String token) {
    }

    /**
     * Opens a session for a user, evicting the user's oldest live sessions beyond the per-user maximum.
     * Serialised per user, so concurrent logins never leave more than the maximum alive.
     */
    @Transactional
    public Opened open(long userId, String client, String ip, String userAgent) {
        users.lock(userId);
        Instant now = clock.instant();
        List<Session> live = jdbc.sql("SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id DESC")
                .params(userId, Db.ts(now)).query(ROW).list();
        live.stream().skip(settings.maxSessionsPerUser() - 1L).forEach(this::delete);
        String token = Tokens.newSecret(TOKEN_PREFIX);
        Duration ttl = "cli".equals(client) ? settings.cliSessionTtl() : settings.webSessionTtl();
        var session = new Session(ids.next(), userId, Tokens.digest(token), client, ip, truncate(userAgent, 256), now, now.plus(ttl));
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, token_hash, client, ip, user_agent, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(session.id(), userId, session.tokenDigest(), client, ip, session.userAgent(),
                        Db.ts(now), Db.ts(session.expiresAt()))
                .update();
        return new Opened(session, token);
    }

    /** The live session a token proves, if any. */
    public Optional<Session> authenticate(String token) {
        if (!token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Optional<Session> session = byDigest.get(Tokens.digest(token), digest ->
                jdbc.sql("SELECT * FROM sessions WHERE token_hash = ?").param(digest).query(ROW).optional());
        return session.filter(s -> s.expiresAt().isAfter(clock.instant()));
    }

    public List<Session> liveOf(long userId) {
        return jdbc.sql("SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id DESC")
                .params(userId, Db.ts(clock.instant())).query(ROW).list();
    }

    /** Revokes one of the user's sessions; false when the user has no such session. */
    public boolean revoke(long userId, long sessionId) {
        return jdbc.sql("SELECT * FROM sessions WHERE id = ? AND user_id = ?").params(sessionId, userId)
                .query(ROW).optional().map(this::delete).orElse(false);
    }

    /** Revokes every session of the user but {@code keep} (pass 0 to keep none); returns how many. */
    public int revokeAllBut(long userId, long keep) {
        return (int) jdbc.sql("SELECT * FROM sessions WHERE user_id = ? AND id <> ?").params(userId, keep)
                .query(ROW).list().stream().filter(this::delete).count();
    }

    /** Removes sessions that expired; returns how many. */
    int deleteExpired() {
        return jdbc.sql("DELETE FROM sessions WHERE expires_at <= ?").param(Db.ts(clock.instant())).update();
    }

    /** Deletes, then forgets: forgotten first, the row could be read and cached again before it is gone. */
    private boolean delete(Session session) {
        boolean deleted = jdbc.sql("DELETE FROM sessions WHERE id = ?").param(session.id()).update() == 1;
        byDigest.invalidate(session.tokenDigest());
        return deleted;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
