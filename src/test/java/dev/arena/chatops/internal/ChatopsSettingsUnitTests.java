package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ChatopsSettingsUnitTests {

    @Test
    void defaultsBind() {
        ChatopsSettings settings = bind(Map.of());

        assertThat(settings.scheduleTick()).hasSeconds(5);
        assertThat(settings.mechThresholds()).startsWith(0.0, 10.0).hasSize(8);
        assertThat(settings.discordApiUrl()).hasToString("https://discord.com/api/v10/");
        assertThat(settings.discordGatewayUrl()).hasToString("wss://gateway.discord.gg/");
    }

    @Test
    void badValuesFailNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("arena.chatops.mech-thresholds", "0,50,20")))
                .hasStackTraceContaining("arena.chatops.mech-thresholds must ascend");
        assertThatThrownBy(() -> bind(Map.of("arena.chatops.mech-thresholds", "5,50")))
                .hasStackTraceContaining("arena.chatops.mech-thresholds must start with 0");
        assertThatThrownBy(() -> bind(Map.of("arena.chatops.schedule-tick", "0s")))
                .hasStackTraceContaining("arena.chatops.schedule-tick must be positive");
        assertThatThrownBy(() -> bind(Map.of("arena.chatops.discord-api-url", "http://127.0.0.1:8080/api/v10")))
                .hasStackTraceContaining("arena.chatops.discord-api-url must be an http(s) address ending in /");
        assertThatThrownBy(() -> bind(Map.of("arena.chatops.discord-gateway-url", "http://127.0.0.1:8080/gateway")))
                .hasStackTraceContaining("arena.chatops.discord-gateway-url must be a ws(s) address");
    }

    private static ChatopsSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("arena.chatops", ChatopsSettings.class);
    }
}
