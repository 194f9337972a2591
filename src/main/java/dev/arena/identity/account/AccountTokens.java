package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single-use, expiring tokens mailed to a user (email verification, password reset). Consuming one is a
 * single conditional update, so two concurrent uses can never both succeed.
 */
@Repository
class AccountTokens {

    enum Purpose { VERIFY_EMAIL, RESET_PASSWORD }

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;

    AccountTokens(JdbcClient jdbc, Ids ids, Clock clock) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
    }

    /** Issues a token; returns the secret to mail. */
    String issue(long userId, Purpose purpose, Duration ttl) {
        String secret = Tokens.newSecret("art_");
        jdbc.sql("INSERT INTO account_tokens (id, user_id, purpose, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(ids.next(), userId, purpose.name(), Tokens.digest(secret), Db.ts(clock.instant().plus(ttl)))
                .update();
        return secret;
    }

    /**
     * Spends a token and returns the user it was issued to.
     *
     * @throws IdentityProblem.TokenUnusable when it is unknown, of another purpose, expired or already spent
     */
    long consume(String secret, Purpose purpose) {
        String digest = Tokens.digest(secret);
        Instant now = clock.instant();
        int spent = jdbc.sql("""
                        UPDATE account_tokens SET used_at = ?
                        WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?""")
                .params(Db.ts(now), digest, purpose.name(), Db.ts(now)).update();
        if (spent != 1) {
            throw new IdentityProblem.TokenUnusable(purpose == Purpose.VERIFY_EMAIL ? "verification token" : "reset token");
        }
        return jdbc.sql("SELECT user_id FROM account_tokens WHERE token_hash = ?").param(digest).query(Long.class).single();
    }

    int deleteExpired() {
        return jdbc.sql("DELETE FROM account_tokens WHERE expires_at <= ?").param(Db.ts(clock.instant())).update();
    }
}
