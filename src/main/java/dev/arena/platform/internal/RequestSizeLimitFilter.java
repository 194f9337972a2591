package dev.arena.platform.internal;

import dev.arena.platform.BodyLimit;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Refuses request bodies over the configured size with 413: at once when {@code Content-Length} says so,
 * and while reading when a chunked body grows past it. Routes named by a {@link BodyLimit} have its limit
 * instead of the default.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long defaultMaxBytes;
    private final List<Route> routes;
    private final ProblemWriter problems;

    private record Route(PathPattern pattern, long maxBytes) {
    }

    RequestSizeLimitFilter(long maxBytes, List<BodyLimit> limits, ProblemWriter problems) {
        this.defaultMaxBytes = maxBytes;
        this.routes = limits.stream().map(l -> new Route(l.pattern(), l.max().toBytes())).toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = maxBytes(request);
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(response, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    private long maxBytes(HttpServletRequest request) {
        if (routes.isEmpty()) {
            return defaultMaxBytes;
        }
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        for (Route route : routes) {
            if (route.pattern().matches(path)) {
                return route.maxBytes();
            }
        }
        return defaultMaxBytes;
    }

    static org.springframework.http.ProblemDetail tooLarge(long maxBytes) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                "The request body exceeds " + maxBytes + " bytes.");
    }

    /** Thrown while reading a body that grew past the limit; answered 413 by {@link FrameworkProblems}. */
    static final class BodyTooLarge extends IOException {
        final long maxBytes;

        BodyTooLarge(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
