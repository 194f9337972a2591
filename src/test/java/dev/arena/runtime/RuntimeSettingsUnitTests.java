package dev.arena.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code arena.runtime.*} binds as documented, defaults included, and a bad value names its setting. */
class RuntimeSettingsUnitTests {

    static RuntimeSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("arena.runtime", RuntimeSettings.class);
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        var settings = bind(Map.of());

        assertThat(settings.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(settings.publishAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.publicHostname()).isEqualTo("localhost");
        assertThat(settings.concurrency()).isEqualTo(10);
        assertThat(settings.maxQueued()).isEqualTo(1000);
        assertThat(settings.queueTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.hostFilesDirectory()).contains(Path.of("data/container-files").toAbsolutePath());
        assertThat(bind(Map.of("arena.runtime.files-directory", "")).hostFilesDirectory()).as("blank: uploaded").isEmpty();
    }

    @Test
    void everySettingCanBeOverridden() {
        var settings = bind(Map.of(
                "arena.runtime.docker-host", "tcp://10.0.0.5:2375",
                "arena.runtime.publish-address", "0.0.0.0",
                "arena.runtime.public-hostname", "ctf.example.org",
                "arena.runtime.concurrency", "4",
                "arena.runtime.max-queued", "50",
                "arena.runtime.queue-timeout", "5s",
                "arena.runtime.call-timeout", "2m"));

        assertThat(settings).isEqualTo(new RuntimeSettings("tcp://10.0.0.5:2375", "0.0.0.0", "ctf.example.org", 4, 50,
                Duration.ofSeconds(5), Duration.ofMinutes(2), "data/container-files"));
        assertThat(settings.hostFilesDirectory()).as("a tcp:// engine does not share this host's files").isEmpty();
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("arena.runtime.publish-address", "localhost")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("arena.runtime.publish-address");
        assertThatThrownBy(() -> bind(Map.of("arena.runtime.concurrency", "0")))
                .rootCause().hasMessageContaining("arena.runtime.concurrency");
        assertThatThrownBy(() -> bind(Map.of("arena.runtime.call-timeout", "0s")))
                .rootCause().hasMessageContaining("arena.runtime.call-timeout");
        assertThatThrownBy(() -> bind(Map.of("arena.runtime.docker-host", "/var/run/docker.sock")))
                .rootCause().hasMessageContaining("arena.runtime.docker-host");
    }
}
