package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, metrics and the API description answer without authentication. */
@ArenaTest
class OperationsEndpointsTests {

    @LocalServerPort
    int port;

    @Test
    void livenessAndReadinessAnswerUp() {
        assertThat(Api.at(port).get("/v1/health/live").text("status")).isEqualTo("UP");
        assertThat(Api.at(port).get("/v1/health/ready").text("status")).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsIncludeRequestLatencyHistograms() {
        Api.at(port).get("/v1/health/live");
        var metrics = Api.at(port).send("GET", "/metrics", null, java.util.Map.of("Accept", "text/plain"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_bucket");
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndItsProblems() {
        var docs = Api.at(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text("openapi")).startsWith("3.1");
        assertThat(docs.json().path("paths").has("/v1/auth/login")).isTrue();
        assertThat(docs.json().path("paths").path("/v1/auth/login").path("post").path("responses").has("401")).isTrue();
        assertThat(docs.json().path("paths").path("/v1/auth/login").path("post").path("responses").has("429")).isTrue();
        assertThat(Api.at(port).get("/docs").status()).isIn(200, 302);
    }
}
