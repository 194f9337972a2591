package dev.arena.threats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ThreatSettingsUnitTests {

    private static ThreatSettings with(int maxQueued, Duration sessionGap, Duration retention) {
        return new ThreatSettings(DataSize.ofMegabytes(32), maxQueued, Duration.ofSeconds(1), 5000, Duration.ofMillis(20), sessionGap, Duration.ofMinutes(1),
                retention, Duration.ofHours(1), Path.of("./data/geoip"));
    }

    @Test
    void theDefaultsAreAccepted() {
        assertThat(with(500_000, Duration.ofMinutes(30), Duration.ofDays(90)).sessionGap()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        assertThatThrownBy(() -> with(0, Duration.ofMinutes(30), Duration.ofDays(90))).hasMessageContaining("arena.threats.max-queued");
        assertThatThrownBy(() -> with(10, Duration.ZERO, Duration.ofDays(90))).hasMessageContaining("arena.threats.session-gap");
        assertThatThrownBy(() -> with(10, Duration.ofMinutes(1), Duration.ofMinutes(5))).hasMessageContaining("arena.threats.retention");
    }
}
