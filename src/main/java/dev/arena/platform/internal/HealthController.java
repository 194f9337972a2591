package dev.arena.platform.internal;

import dev.arena.platform.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for orchestrators and load balancers. Liveness touches nothing but the process. Readiness asks
 * whether start-up (migrations included) has finished and whether the database answered a check within the
 * last {@link #ANSWERED_WITHIN}: the check runs every second in the background, on a connection of its own,
 * and the probe only reads its latest result, so a probe answers at once however often it comes.
 *
 * <p>Why not ask the database per probe: during the identity bench's spike, one probe in ~190 waited more
 * than 2 s for the database (first for a pooled connection, all taken; then, with a connection of its own,
 * for the embedded database itself), and an orchestrator that sees a timeout takes a node out of its load
 * balancer for being busy, which only moves the burst to the other nodes. One slow check now changes nothing;
 * a database that stops answering for {@link #ANSWERED_WITHIN} makes the node not ready.
 */
@RestController
@Tag(name = "Health")
class HealthController {

    /** How recent the latest answered check must be for the node to be ready. */
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);

    private static final Map<String, String> UP = Map.of("status", "UP");

    private final ApplicationAvailability availability;
    private final DataSource unpooled;
    private final LongSupplier nanoTime;
    private @Nullable Connection connection;
    private volatile boolean checked;
    private volatile long answeredAt;

    @Autowired
    HealthController(ApplicationAvailability availability, DataSource dataSource) {
        this(availability, dataSource, System::nanoTime);
    }

    HealthController(ApplicationAvailability availability, DataSource dataSource, LongSupplier nanoTime) {
        this.availability = availability;
        this.unpooled = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
        this.nanoTime = nanoTime;
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
        if (!checked) {
            check(); // the first probe may come before the first check
        }
        return nanoTime.getAsLong() - answeredAt <= ANSWERED_WITHIN.toNanos()
                ? ResponseEntity.ok(UP) : unavailable("The database has not answered for " + ANSWERED_WITHIN.toSeconds() + " s.");
    }

    /** Asks the database whether it answers, within a second; a broken connection is replaced next time. */
    @Scheduled(fixedDelay = 1000)
    synchronized void check() {
        checked = true;
        try {
            if (connection == null) {
                connection = unpooled.getConnection();
            }
            if (connection.isValid(1)) {
                answeredAt = nanoTime.getAsLong();
                return;
            }
        } catch (SQLException e) {
            // the database cannot be reached
        }
        close();
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
