package dev.arena.platform.internal;

import dev.arena.platform.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for orchestrators and load balancers. Liveness touches nothing but the process; readiness asks
 * whether start-up (migrations included) has finished and whether the database answers on a connection of
 * the probe's own — nothing more. Not a pooled one: under a burst every pooled connection may be taken, and
 * a probe waiting its turn (a readiness probe timed out at 2 s during the identity bench's spike) would
 * take a node out of its load balancer for being busy, which only moves the burst to the other nodes.
 */
@RestController
@Tag(name = "Health")
class HealthController {

    private static final Map<String, String> UP = Map.of("status", "UP");

    private final ApplicationAvailability availability;
    private final DataSource unpooled;
    private @Nullable Connection connection;

    HealthController(ApplicationAvailability availability, DataSource dataSource) {
        this.availability = availability;
        this.unpooled = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
    }

    @GetMapping("/v1/health/live")
    Map<String, String> live() {
        return UP;
    }

    @GetMapping("/v1/health/ready")
    ResponseEntity<?> ready() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return unavailable("Arena is still starting.");
        }
        return databaseAnswers() ? ResponseEntity.ok(UP) : unavailable("The database cannot be reached.");
    }

    /** Whether the probe's connection answers within a second; a broken one is replaced on the next probe. */
    private synchronized boolean databaseAnswers() {
        try {
            if (connection == null) {
                connection = unpooled.getConnection();
            }
            if (connection.isValid(1)) {
                return true;
            }
        } catch (SQLException e) {
            // the database cannot be reached
        }
        close();
        return false;
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }

    private static ResponseEntity<?> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Not ready", detail));
    }
}
