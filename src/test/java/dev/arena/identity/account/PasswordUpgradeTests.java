package dev.arena.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Hashes made with weaker parameters are replaced at the next successful login. */
@ArenaTest
class PasswordUpgradeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLoginRehashesAPasswordStoredWithWeakerParameters() {
        String email = Api.email("legacy");
        Api api = Api.at(port);
        api.post("/v1/auth/register", Map.of("email", email, "password", "correct horse battery", "displayName", "Old"));
        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode("correct horse battery");
        jdbc.sql("UPDATE users SET password_hash = ? WHERE email = ?").params(weak, email).update();

        assertThat(api.post("/v1/auth/login", Map.of("email", email, "password", "correct horse battery")).status()).isEqualTo(200);

        String stored = jdbc.sql("SELECT password_hash FROM users WHERE email = ?").param(email).query(String.class).single();
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(api.post("/v1/auth/login", Map.of("email", email, "password", "correct horse battery")).status()).isEqualTo(200);
    }
}
