package dev.arena.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Expired sessions stop working at once and are removed by the cleanup job. */
@ArenaTest
class HousekeepingTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Housekeeping housekeeping;

    @Test
    void anExpiredSessionIsRefusedAndThenRemoved() {
        String email = Api.email("expiring");
        Api api = Api.at(port);
        api.post("/v1/auth/register", Map.of("email", email, "password", "correct horse battery", "displayName", "E"));
        String token = api.post("/v1/auth/login", Map.of("email", email, "password", "correct horse battery", "client", "cli")).text("token");
        long userId = jdbc.sql("SELECT id FROM users WHERE email = ?").param(email).query(Long.class).single();
        jdbc.sql("UPDATE sessions SET expires_at = ? WHERE user_id = ?").params(Db.ts(Instant.now().minusSeconds(1)), userId).update();

        assertThat(api.bearer(token).get("/v1/users/me").status()).isEqualTo(401);
        housekeeping.removeExpired();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ?").param(userId).query(Long.class).single()).isZero();
    }
}
