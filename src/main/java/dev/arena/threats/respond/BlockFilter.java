package dev.arena.threats.respond;

import dev.arena.platform.ClientAddress;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
import dev.arena.threats.ingest.Inbox;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses every request from a blocked address with a 403 problem before anything else looks at it
 * (authentication included), except the health probes. The caller's address is {@link ClientAddress}'s:
 * {@code X-Forwarded-For} counts only behind the configured trusted proxies. A project's blocks hold on the
 * routes whose path names that project ({@code …/projects/{id}…}, read from the decoded path the way the
 * handlers read the id, so an encoded id names the same project); Arena's own blocks hold on every route.
 */
final class BlockFilter extends OncePerRequestFilter {

    private static final ProblemDetail BLOCKED = Problems.of(HttpStatus.FORBIDDEN, "address-blocked", "Address blocked",
            "Requests from your address are blocked for now.");

    private static final String PROJECTS = "/projects/";
    /** Decodes the path and drops {@code ;} parameters, as Spring MVC does before it maps a request. */
    private static final UrlPathHelper PATHS = UrlPathHelper.defaultInstance;

    private final BlockList list;
    private final int trustedProxies;
    private final ProblemWriter problems;
    private final Clock clock;
    private final Counter refused;

    BlockFilter(BlockList list, int trustedProxies, ProblemWriter problems, Clock clock, Counter refused) {
        this.list = list;
        this.trustedProxies = trustedProxies;
        this.problems = problems;
        this.clock = clock;
        this.refused = refused;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!list.isEmpty() && list.blocks(ClientAddress.of(request, trustedProxies), () -> projectOf(request), clock.instant())
                && !request.getRequestURI().startsWith("/v1/health/")) {
            refused.increment();
            problems.write(response, BLOCKED);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The project the request's path names, or {@link Inbox#ARENA_SCOPE} if it names none. */
    static long projectOf(HttpServletRequest request) {
        String path = PATHS.getPathWithinApplication(request);
        int at = path.indexOf(PROJECTS);
        if (at < 0) {
            return Inbox.ARENA_SCOPE;
        }
        int from = at + PROJECTS.length();
        int to = path.indexOf('/', from);
        try {
            long id = Long.parseLong(path.substring(from, to < 0 ? path.length() : to));
            return id > 0 ? id : Inbox.ARENA_SCOPE;
        } catch (NumberFormatException notAnId) {
            return Inbox.ARENA_SCOPE;
        }
    }
}
