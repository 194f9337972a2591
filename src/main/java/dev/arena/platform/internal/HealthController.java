package dev.arena.platform.internal;

import dev.arena.platform.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for orchestrators and load balancers. Liveness touches nothing but the process; readiness asks
 * whether start-up (migrations included) has finished and whether one pooled database connection is
 * valid — nothing more.
 */
@RestController
@Tag(name = "Health")
class HealthController {

    private static final Map<String, String> UP = Map.of("status", "UP");

    private final ApplicationAvailability availability;
    private final DataSource dataSource;

    HealthController(ApplicationAvailability availability, DataSource dataSource) {
        this.availability = availability;
        this.dataSource = dataSource;
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
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(1)) {
                return ResponseEntity.ok(UP);
            }
        } catch (SQLException e) {
            return unavailable("The database cannot be reached.");
        }
        return unavailable("The database cannot be reached.");
    }

    private static ResponseEntity<?> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Not ready", detail));
    }
}
