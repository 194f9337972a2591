package dev.arena.identity.security;

import dev.arena.identity.IdentityProblem;
import dev.arena.platform.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one place where identity's refusals become problem responses. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdentityProblems {

    @ExceptionHandler
    ProblemDetail refused(IdentityProblem problem) {
        return switch (problem) {
            case IdentityProblem.InvalidCredentials p ->
                    Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", p.getMessage());
            case IdentityProblem.CredentialNotAllowed p ->
                    Problems.of(HttpStatus.FORBIDDEN, "credential-not-allowed", "Credential not allowed here", p.getMessage());
            case IdentityProblem.RoleRequired p -> with(
                    Problems.of(HttpStatus.FORBIDDEN, "role-required", "Role required", p.getMessage()), "role", p.role());
            case IdentityProblem.QuotaExceeded p -> {
                ProblemDetail d = Problems.of(HttpStatus.FORBIDDEN, "quota-exceeded", "Quota exceeded", p.getMessage());
                d.setProperty("quota", p.quota());
                d.setProperty("limit", p.limit());
                yield d;
            }
            case IdentityProblem.TokenUnusable p ->
                    Problems.of(HttpStatus.BAD_REQUEST, "token-unusable", "Token unusable", p.getMessage());
            case IdentityProblem.Conflict p -> Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", p.getMessage());
            case IdentityProblem.Unacceptable p -> with(
                    Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unacceptable", "Unacceptable value", p.getMessage()),
                    "field", p.field());
        };
    }

    private static ProblemDetail with(ProblemDetail problem, String name, Object value) {
        problem.setProperty(name, value);
        return problem;
    }
}
