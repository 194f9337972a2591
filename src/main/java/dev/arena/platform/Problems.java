package dev.arena.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem responses in Arena's one shape: a {@code type} of {@code urn:arena:problem:<slug>},
 * a short human title, a detail for this occurrence and, where useful, extra members.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:arena:problem:" + slug));
        problem.setTitle(title);
        return problem;
    }
}
