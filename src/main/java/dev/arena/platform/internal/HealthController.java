package dev.arena.platform.internal;

import dev.arena.platform.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for orchestrators and load balancers on the main port. Liveness touches nothing but the process;
 * readiness reads {@link Readiness}. The probe port answers the same without this controller
 * ({@link ProbePort}).
 */
@RestController
@Tag(name = "Health")
class HealthController {

    static final Map<String, String> UP = Map.of("status", "UP");

    private final Readiness readiness;

    HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    @GetMapping("/v1/health/live")
    Map<String, String> live() {
        return UP;
    }

    @GetMapping("/v1/health/ready")
    ResponseEntity<?> ready() {
        String why = readiness.notReadyBecause();
        return why == null ? ResponseEntity.ok(UP) : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(notReady(why));
    }

    static org.springframework.http.ProblemDetail notReady(String why) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Not ready", why);
    }
}
