package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/** {@code arena.platform.probe-port}: a second port for health probes, and for nothing else. */
@ArenaTest
class ProbePortTests {

    private static final int PROBE_PORT = TestSocketUtils.findAvailableTcpPort();

    @DynamicPropertySource
    static void probePort(DynamicPropertyRegistry registry) {
        registry.add("arena.platform.probe-port", () -> PROBE_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void theProbePortAnswersLivenessAndReadiness() {
        assertThat(Api.at(PROBE_PORT).get("/v1/health/live").text("status")).isEqualTo("UP");
        assertThat(Api.at(PROBE_PORT).get("/v1/health/ready").text("status")).isEqualTo("UP");
    }

    @Test
    void theMainPortKeepsTheHealthRoutes() {
        assertThat(Api.at(port).get("/v1/health/live").text("status")).isEqualTo("UP");
        assertThat(Api.at(port).get("/v1/health/ready").text("status")).isEqualTo("UP");
    }

    @Test
    void theProbePortIsNoWayIntoTheApi() {
        for (String path : new String[] {"/v1/users/me", "/metrics", "/v1/tiers", "/v1/healthy", "/v1/health"}) {
            var answer = Api.at(PROBE_PORT).get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.isProblem()).as(path).isTrue();
        }
        assertThat(Api.at(PROBE_PORT).post("/v1/auth/login", java.util.Map.of("email", "a@b.c", "password", "x")).status())
                .isEqualTo(404);
    }
}
