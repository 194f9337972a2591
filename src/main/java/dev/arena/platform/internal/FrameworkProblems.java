package dev.arena.platform.internal;

import dev.arena.platform.Problems;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.TooManyRequests;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Problem responses for what every module shares: malformed or oversized bodies, invalid fields, unknown
 * routes, missing resources, rate limits, conflicting writes — and, as a last resort, a 500 that says
 * nothing about the internals. Modules map their own exceptions in their own advice, which runs first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class FrameworkProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(FrameworkProblems.class);

    @ExceptionHandler
    ProblemDetail notFound(ResourceNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such " + e.resource() + ".");
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidValue e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unacceptable", "Unacceptable value", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "Rate limit '" + e.limit() + "' reached; retry in " + e.retryAfterSeconds() + " s.");
        problem.setProperty("limit", e.limit());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail conflict(DataIntegrityViolationException e) {
        log.debug("Integrity violation answered as 409", e);
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", "The request conflicts with existing data.");
    }

    @ExceptionHandler
    ProblemDetail constraint(ConstraintViolationException e) {
        ProblemDetail problem = invalid("The request has invalid values.");
        problem.setProperty("errors", e.getConstraintViolations().stream()
                .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage())).toList());
        return problem;
    }

    /**
     * The database cannot be reached, or is going away under a connection (a restart, a failover): the request
     * may succeed a moment later, so 503 with {@code Retry-After}, never a 500.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("Database unavailable, answered as 503: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                        "Arena's database cannot be reached right now; try again in a moment."));
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled exception answered as 500", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "Something went wrong on Arena's side; it has been logged.");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLarge tooLarge) {
                ProblemDetail problem = RequestSizeLimitFilter.tooLarge(tooLarge.maxBytes);
                return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
            cause = cause.getCause();
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The body is missing or is not valid JSON of the expected shape.");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = invalid("The request has invalid or missing fields.");
        problem.setProperty("errors", fieldErrors(e.getBindingResult().getFieldErrors()));
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = invalid("The request has invalid parameters.");
        problem.setProperty("errors", e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", r.getMethodParameter().getParameterName() == null ? "" : r.getMethodParameter().getParameterName(),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList());
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad parameter",
                "Parameter '" + e.getName() + "' has the wrong type.");
    }

    /** Gives the framework's own problems (404 route, 405, 406, 415, ...) Arena's type URN. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof org.springframework.web.ErrorResponse framework) {
            body = framework.getBody();
        }
        if (e instanceof org.springframework.web.servlet.resource.NoResourceFoundException && body instanceof ProblemDetail problem) {
            problem.setDetail("No such route.");
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || !problem.getType().toString().startsWith("urn:arena:problem:"))) {
            problem.setType(java.net.URI.create("urn:arena:problem:http-" + status.value()));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static ProblemDetail invalid(String detail) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request", detail);
    }

    private static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
        return errors.stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
    }
}
