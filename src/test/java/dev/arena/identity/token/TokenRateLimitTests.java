package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The token endpoints' rate limits: per user or client, and per address on the public endpoints. */
@ArenaTest
@TestPropertySource(properties = {"arena.tokens.requests-per-client=3/1h", "arena.tokens.requests-per-ip=3/1h"})
class TokenRateLimitTests {

    @LocalServerPort
    int port;

    @Test
    void aUserMintingTooOftenIsToldWhenToComeBack() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        for (int i = 0; i < 3; i++) {
            ada.mint("reader");
        }

        var refused = ada.owner().post(ada.tokensPath(), Map.of("role", "reader"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("limit")).isEqualTo("tokens-per-client");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }

    @Test
    void oneAddressHammeringThePublicTokenEndpointsIsLimitedBeforeAnythingIsLookedUp() {
        Api hammer = Api.at(port);
        for (int i = 0; i < 3; i++) {
            assertThat(hammer.post("/v1/tokens/refresh", Map.of("refresh_token", "arr_guess" + i)).status()).isEqualTo(400);
        }

        var refused = hammer.post("/v1/tokens/client", Map.of("grant_type", "client_credentials"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("limit")).isEqualTo("tokens-per-ip");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(Api.at(port).post("/v1/tokens/refresh", Map.of("refresh_token", "arr_other")).status())
                .as("another address has its own budget").isEqualTo(400);
    }
}
