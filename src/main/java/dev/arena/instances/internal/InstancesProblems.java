package dev.arena.instances.internal;

import dev.arena.platform.Problems;
import dev.arena.runtime.spi.ContainerRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where the instances module's refusals, and the container engine's failures as its
 * controllers meet them, become problem responses. Scoped to this module's controllers and the console's
 * instance pages (which call {@link dev.arena.instances.PlayerInstances} and
 * {@link dev.arena.instances.OperatorInstances}), so other modules map engine failures their own way. An engine failure is never a 500: a missing image is the
 * challenge's fault (422), an engine that cannot answer now is a 503 with {@code Retry-After}.
 */
@RestControllerAdvice(basePackageClasses = InstancesProblems.class, basePackages = "dev.arena.console.instances")
@Order(Ordered.HIGHEST_PRECEDENCE)
class InstancesProblems {

    private static final Logger log = LoggerFactory.getLogger(InstancesProblems.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ProblemDetail refused(InstancesProblem problem) {
        return switch (problem) {
            case InstancesProblem.InstanceExists p -> conflict("instance-exists", "Instance exists", p);
            case InstancesProblem.ChallengeClosed p -> conflict("challenge-closed", "Challenge closed", p);
            case InstancesProblem.CapReached p -> {
                ProblemDetail d = conflict("cap-reached", "Instance cap reached", p);
                d.setProperty("cap", p.cap);
                d.setProperty("limit", p.limit);
                yield d;
            }
            case InstancesProblem.ExtensionLimitReached p -> conflict("extension-limit-reached", "Extension limit reached", p);
            case InstancesProblem.LifetimeLimitReached p -> conflict("lifetime-limit-reached", "Lifetime limit reached", p);
            case InstancesProblem.InstanceNotRunning p -> conflict("instance-not-running", "Instance not running", p);
            case InstancesProblem.TeamRequired p -> conflict("team-required", "Team required", p);
            case InstancesProblem.UserRequired p ->
                    Problems.of(HttpStatus.FORBIDDEN, "user-required", "User required", p.getMessage());
            case InstancesProblem.WrongFlag p ->
                    Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "wrong-flag", "Wrong flag", p.getMessage());
            case InstancesProblem.FlagWindowClosed p -> conflict("instance-ended", "Instance ended", p);
            case InstancesProblem.Unacceptable p -> {
                ProblemDetail d = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unacceptable", "Unacceptable value", p.getMessage());
                d.setProperty("field", p.field);
                yield d;
            }
            case InstancesProblem.Conflict p -> conflict("conflict", "Conflict", p);
        };
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> engine(ContainerRuntimeException e) {
        log.warn("Container engine refused: {}", e.getMessage());
        return switch (e) {
            case ContainerRuntimeException.ImageMissing m -> {
                ProblemDetail d = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "image-missing", "Image missing",
                        "The challenge's image '" + m.image() + "' is not on the container engine; build or load it there.");
                d.setProperty("field", "image");
                d.setProperty("image", m.image());
                yield ResponseEntity.unprocessableContent().body(d);
            }
            case ContainerRuntimeException.DaemonUnreachable u -> unavailable("The container engine cannot be reached.");
            case ContainerRuntimeException.Overloaded o -> unavailable("The container engine is busy.");
            case ContainerRuntimeException.Timeout t -> unavailable("The container engine did not answer in time.");
            case ContainerRuntimeException.Conflict c -> ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(
                    HttpStatus.CONFLICT, "engine-conflict", "Engine conflict", "The container engine refused: its state conflicts."));
            case ContainerRuntimeException.NotFound n -> ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(
                    HttpStatus.CONFLICT, "engine-conflict", "Engine conflict", "The instance's container vanished from the engine."));
            case ContainerRuntimeException.EngineError x -> ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Problems.of(
                    HttpStatus.BAD_GATEWAY, "engine-error", "Engine error", "The container engine failed the request."));
        };
    }

    /** Row locks that could not be had in time: the caller may simply try again. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> busy(PessimisticLockingFailureException e) {
        log.debug("Lock not acquired", e);
        return unavailable("The instance is busy; try again.");
    }

    private static ProblemDetail conflict(String slug, String title, InstancesProblem p) {
        return Problems.of(HttpStatus.CONFLICT, slug, title, p.getMessage());
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", "Engine unavailable", detail));
    }
}
