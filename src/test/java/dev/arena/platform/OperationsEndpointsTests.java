package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, metrics and the API description answer without authentication. */
@ArenaTest
class OperationsEndpointsTests {

    @LocalServerPort
    int port;

    @Autowired
    HikariDataSource pool;

    @Test
    void livenessAndReadinessAnswerUp() {
        assertThat(Api.at(port).get("/v1/health/live").text("status")).isEqualTo("UP");
        assertThat(Api.at(port).get("/v1/health/ready").text("status")).isEqualTo("UP");
    }

    @Test
    void readinessAnswersAtOnceWhileEveryPooledConnectionIsTaken() throws Exception {
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                taken.add(pool.getConnection());
            }
            long start = System.nanoTime();
            assertThat(Api.at(port).get("/v1/health/ready").text("status")).isEqualTo("UP");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms, not the pool's connection timeout").isLessThan(1_000);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
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
