package dev.arena.identity.security;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.account.Sessions;
import dev.arena.platform.Problems;
import dev.arena.platform.Tokens;
import dev.arena.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds out who is calling. A bearer token is either a session secret ({@code ars_...}) or an access
 * token (a JWT); a bearer that proves nothing is refused with 401 at once. The session cookie is used
 * when there is no bearer; a stale cookie is ignored (so a stale browser can still sign in), and a state
 * change under the cookie must carry the matching CSRF token.
 */
final class AuthenticationFilter extends OncePerRequestFilter {

    private final Sessions sessions;
    private final ObjectProvider<AccessTokenVerifier> accessTokens;
    private final ProblemWriter problems;

    AuthenticationFilter(Sessions sessions, ObjectProvider<AccessTokenVerifier> accessTokens, ProblemWriter problems) {
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bearer = bearer(request);
        if (bearer != null) {
            Optional<? extends ArenaPrincipal> principal = fromBearer(bearer);
            if (principal.isEmpty()) {
                problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                        "The bearer token is invalid, expired or revoked."));
                return;
            }
            authenticate(principal.get());
        } else {
            String cookie = cookie(request, SessionCookies.SESSION);
            Optional<Sessions.Session> session = cookie == null ? Optional.empty() : sessions.authenticate(cookie);
            if (session.isPresent()) {
                if (changesState(request) && !csrfMatches(request, cookie)) {
                    problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "csrf", "CSRF token missing or wrong",
                            "A state change with the session cookie needs the " + SessionCookies.CSRF_HEADER
                                    + " header set to the " + SessionCookies.CSRF + " cookie's value."));
                    return;
                }
                authenticate(new ArenaPrincipal.UserSession(session.get().userId(), session.get().id()));
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<? extends ArenaPrincipal> fromBearer(String bearer) {
        if (hasTwoDots(bearer)) {
            AccessTokenVerifier verifier = accessTokens.getIfAvailable();
            return verifier == null ? Optional.empty() : verifier.verify(bearer);
        }
        return sessions.authenticate(bearer).map(s -> new ArenaPrincipal.UserSession(s.userId(), s.id()));
    }

    /** A JWT has exactly three dot-separated parts; a session secret has none. Runs on every request. */
    private static boolean hasTwoDots(String bearer) {
        int first = bearer.indexOf('.');
        int second = first < 0 ? -1 : bearer.indexOf('.', first + 1);
        return second >= 0 && bearer.indexOf('.', second + 1) < 0;
    }

    private static void authenticate(ArenaPrincipal principal) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ArenaAuthentication(principal));
        SecurityContextHolder.setContext(context);
    }

    private static @Nullable String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static @Nullable String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name) && !c.getValue().isEmpty()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static boolean changesState(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    private static boolean csrfMatches(HttpServletRequest request, String sessionToken) {
        String sent = request.getHeader(SessionCookies.CSRF_HEADER);
        return sent != null && Tokens.sameSecret(sent, SessionCookies.csrfTokenFor(sessionToken));
    }
}
