package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;
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

    @Autowired
    WebServerApplicationContext context;

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

    @Test
    void probesAnswerWhileTheApplicationsFilterLockIsHeld() throws Exception {
        // Tomcat builds every request's filter chain under this lock; under 500 clients a probe waited 1.6 s for it.
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        var application = (StandardContext) tomcat.getHost().findChildren()[0];
        Object lock = ReflectionTestUtils.getField(application, "filterDefs");
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (lock) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            held.await();
            try (var client = HttpClient.newHttpClient()) {
                for (String probe : new String[] {"/v1/health/live", "/v1/health/ready"}) {
                    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PROBE_PORT + probe))
                            .timeout(Duration.ofSeconds(2)).build();
                    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).as(probe).contains("UP");
                }
            }
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
