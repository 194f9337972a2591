package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The settings bind with every default filled in (a nested record with defaults once bound as null here,
 * hence the flat shape and this test), and a bad value fails with the setting's name.
 */
class TokenSettingsUnitTests {

    static TokenSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("arena.tokens", TokenSettings.class);
    }

    @Test
    void withNothingConfiguredEveryDefaultIsThere() {
        TokenSettings settings = bind(Map.of());

        assertThat(settings).isEqualTo(TokenSettings.defaults());
        assertThat(settings.issuer()).isEqualTo("arena");
        assertThat(settings.accessTokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.signingKeyRotation()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.requestsPerClient().capacity()).isEqualTo(600);
        assertThat(settings.requestsPerClient().period()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.requestsPerIp().capacity()).isEqualTo(1200);
    }

    @Test
    void configuredValuesBind() {
        TokenSettings settings = bind(Map.of("arena.tokens.issuer", "https://arena.example", "arena.tokens.signing-key-rotation", "7d",
                "arena.tokens.requests-per-client", "5/1s", "arena.tokens.clock-skew", "0s"));

        assertThat(settings.issuer()).isEqualTo("https://arena.example");
        assertThat(settings.signingKeyRotation()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.requestsPerClient().capacity()).isEqualTo(5);
        assertThat(settings.clockSkew()).isZero();
    }

    @Test
    void aRotationShorterThanTheLongestTokenIsRefusedByName() {
        assertThatThrownBy(() -> bind(Map.of("arena.tokens.signing-key-rotation", "24h")))
                .rootCause().hasMessageContaining("arena.tokens.signing-key-rotation").hasMessageContaining("25h");
    }

    @Test
    void aDefaultAccessTokenLifetimeOutsideTheAllowedRangeIsRefusedByName() {
        assertThatThrownBy(() -> bind(Map.of("arena.tokens.access-token-ttl", "2d")))
                .rootCause().hasMessageContaining("arena.tokens.access-token-ttl");
    }
}
