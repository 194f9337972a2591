package dev.arena.evaluations.internal;

import dev.arena.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The evaluation module's problems, in one place. */
@RestControllerAdvice(basePackageClasses = EvaluationProblems.class, basePackages = "dev.arena.console.evaluations")
class EvaluationProblems {

    @ExceptionHandler
    ProblemDetail invalid(InvalidSubmission e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unacceptable", "Unacceptable value", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notCancellable(NotCancellable e) {
        return Problems.of(HttpStatus.CONFLICT, "not-cancellable", "Not cancellable", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail keyTaken(IdempotencyKeyTaken e) {
        return Problems.of(HttpStatus.CONFLICT, "idempotency-key-taken", "Idempotency-Key taken", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notRetryable(NotRetryable e) {
        return Problems.of(HttpStatus.CONFLICT, "not-retryable", "Not retryable", e.getMessage());
    }
}
