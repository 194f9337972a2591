package dev.arena.identity.security;

import dev.arena.identity.IdentitySettings;
import dev.arena.platform.Tokens;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The browser's two cookies: the session ({@code HttpOnly}) and its CSRF token (readable by the page, sent
 * back in {@code X-XSRF-TOKEN}). The CSRF token is derived from the session secret, so it needs no storage
 * and cannot be forged without the session, which scripts on other sites never see.
 */
@Component
public class SessionCookies {

    public static final String SESSION = "arena_session";
    public static final String CSRF = "XSRF-TOKEN";
    public static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private final IdentitySettings settings;

    SessionCookies(IdentitySettings settings) {
        this.settings = settings;
    }

    public void set(HttpServletResponse response, String sessionToken, Duration ttl) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(SESSION, sessionToken, ttl, true).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(CSRF, csrfTokenFor(sessionToken), ttl, false).toString());
    }

    public void clear(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(SESSION, "", Duration.ZERO, true).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(CSRF, "", Duration.ZERO, false).toString());
    }

    /** The CSRF token that goes with a session secret. */
    public static String csrfTokenFor(String sessionToken) {
        return Tokens.digest("csrf:" + sessionToken);
    }

    private ResponseCookie cookie(String name, String value, Duration ttl, boolean httpOnly) {
        return ResponseCookie.from(name, value).httpOnly(httpOnly).secure(settings.secureCookies())
                .sameSite("Lax").path("/").maxAge(ttl).build();
    }
}
