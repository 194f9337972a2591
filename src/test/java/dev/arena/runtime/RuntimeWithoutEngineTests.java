package dev.arena.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Arena starts and stays ready with no container engine at the configured address; the runtime says so
 * on use, and the metrics count it.
 */
@ArenaTest
@TestPropertySource(properties = "arena.runtime.docker-host=unix:///nonexistent/arena-test/docker.sock")
class RuntimeWithoutEngineTests {

    @LocalServerPort
    int port;

    @Autowired
    ContainerRuntime runtime;

    @Test
    void arenaIsReadyAndTheRuntimeReportsTheEngineUnreachable() {
        assertThat(Api.at(port).get("/v1/health/ready").text("status")).isEqualTo("UP");

        assertThatThrownBy(() -> runtime.list(Map.of())).isInstanceOf(ContainerRuntimeException.DaemonUnreachable.class)
                .hasMessageContaining("unix:///nonexistent/arena-test/docker.sock");

        var metrics = Api.at(port).send("GET", "/metrics", null, Map.of("Accept", "text/plain")).body();
        assertThat(metrics).contains("arena_runtime_calls_seconds_count{operation=\"list\",outcome=\"daemon_unreachable\"}");
        assertThat(metrics).contains("arena_runtime_queue_depth");
    }
}
