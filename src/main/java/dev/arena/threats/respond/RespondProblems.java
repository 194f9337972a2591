package dev.arena.threats.respond;

import dev.arena.platform.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one place where the responses' refusals become problem responses. */
@RestControllerAdvice(basePackageClasses = RespondProblems.class, basePackages = "dev.arena.console.threats")
@Order(Ordered.HIGHEST_PRECEDENCE)
class RespondProblems {

    @ExceptionHandler
    ProblemDetail exists(BlockExists e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "block-exists", "Block exists", e.getMessage());
        problem.setProperty("blockId", Long.toString(e.existingId));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail stale(StalePolicies e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "stale-policies", "Stale policies", e.getMessage());
        problem.setProperty("currentVersion", e.currentVersion);
        return problem;
    }
}
