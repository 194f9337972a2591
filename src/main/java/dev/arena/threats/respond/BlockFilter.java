package dev.arena.threats.respond;

import dev.arena.platform.ClientAddress;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
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

/**
 * Refuses every request from a blocked address with a 403 problem before anything else looks at it
 * (authentication included), except the health probes. The caller's address is {@link ClientAddress}'s:
 * {@code X-Forwarded-For} counts only behind the configured trusted proxies.
 */
final class BlockFilter extends OncePerRequestFilter {

    private static final ProblemDetail BLOCKED = Problems.of(HttpStatus.FORBIDDEN, "address-blocked", "Address blocked",
            "Requests from your address are blocked for now.");

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
        if (!list.isEmpty() && list.blocks(ClientAddress.of(request, trustedProxies), clock.instant())
                && !request.getRequestURI().startsWith("/v1/health/")) {
            refused.increment();
            problems.write(response, BLOCKED);
            return;
        }
        chain.doFilter(request, response);
    }
}
