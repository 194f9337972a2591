package dev.arena.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The login and registration limits, answered 429 with Retry-After. Runs in memory and on Redis. */
abstract class RateLimitScenarios {

    @LocalServerPort
    int port;

    @Autowired
    IdentitySettings settings;

    @Test
    void tooManyLoginsForOneAccountAreRefusedWithRetryAfter() {
        String email = Api.email("target");
        long allowed = settings.limits().loginPerAccount().capacity();
        for (int i = 0; i < allowed; i++) {
            // each attempt from another address: the per-account limit must still count them all
            assertThat(Api.at(port).post("/v1/auth/login", Map.of("email", email, "password", "guess number " + i)).status())
                    .isEqualTo(401);
        }

        var refused = Api.at(port).post("/v1/auth/login", Map.of("email", email, "password", "one more guess"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.text("limit")).isEqualTo("login-per-account");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }

    @Test
    void registrationsFromOneAddressAreLimited() {
        Api api = Api.at(port);
        long allowed = settings.limits().registrationPerIp().capacity();
        for (int i = 0; i < allowed; i++) {
            assertThat(api.post("/v1/auth/register", Map.of("email", Api.email("r"), "password", "correct horse battery", "displayName", "R")).status())
                    .isEqualTo(202);
        }
        var refused = api.post("/v1/auth/register", Map.of("email", Api.email("r"), "password", "correct horse battery", "displayName", "R"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("limit")).isEqualTo("registration-per-ip");
        assertThat(Api.at(port).post("/v1/auth/register", Map.of("email", Api.email("r"), "password", "correct horse battery", "displayName", "R")).status())
                .as("another address is not affected").isEqualTo(202);
    }
}
