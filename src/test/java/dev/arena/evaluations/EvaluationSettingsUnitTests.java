package dev.arena.evaluations;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EvaluationSettingsUnitTests {

    private static EvaluationSettings settings(int workers, Duration defaultWall, Duration maxWall, @Nullable String secret) {
        return new EvaluationSettings(workers, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofSeconds(1),
                Duration.ofSeconds(30), defaultWall, maxWall, DataSize.ofMegabytes(256), DataSize.ofGigabytes(1), 64, 256,
                DataSize.ofKilobytes(64), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), DataSize.ofKilobytes(512), 50, 100,
                1.0, DataSize.ofMegabytes(16), secret, 6, Duration.ofSeconds(10), 2, List.of(), Duration.ofMinutes(5));
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(settings(4, Duration.ofSeconds(10), Duration.ofSeconds(30), null).workers()).isEqualTo(4);
    }

    @Test
    void aBadSettingIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(-1, Duration.ofSeconds(10), Duration.ofSeconds(30), null))
                .withMessageContaining("arena.evaluations.workers");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(4, Duration.ofSeconds(40), Duration.ofSeconds(30), null))
                .withMessageContaining("arena.evaluations.default-wall");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(4, Duration.ofSeconds(10), Duration.ofSeconds(30), "short"))
                .withMessageContaining("arena.evaluations.callback-secret");
    }
}
