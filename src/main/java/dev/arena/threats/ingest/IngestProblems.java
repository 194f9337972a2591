package dev.arena.threats.ingest;

import dev.arena.platform.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The ingest API's problems, in one place. */
@RestControllerAdvice(basePackageClasses = IngestProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class IngestProblems {

    @ExceptionHandler
    ProblemDetail malformed(EventParser.MalformedBody e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail noValidEvents(IngestController.NoValidEvents e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "no-valid-events", "No valid events", e.getMessage());
        problem.setProperty("rejected", e.rejected);
        problem.setProperty("errors", e.errors);
        return problem;
    }
}
