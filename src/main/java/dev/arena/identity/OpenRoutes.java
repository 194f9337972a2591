package dev.arena.identity;

import java.util.List;

/**
 * Routes of another module that anyone may call without signing in, such as a sign-in page and its
 * assets. Declare one as a bean; the security chain admits every pattern of every such bean and still
 * authenticates a caller that sends a session or token.
 *
 * @param patterns Ant-style path patterns, e.g. {@code /console/login}, {@code /webjars/**}
 */
public record OpenRoutes(List<String> patterns) {

    public OpenRoutes {
        patterns = List.copyOf(patterns);
    }
}
