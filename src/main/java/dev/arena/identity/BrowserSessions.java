package dev.arena.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Web sessions for server-rendered pages: the same sign-in, cookies and CSRF token as
 * {@code POST /v1/auth/login} with {@code client: "web"}.
 */
public interface BrowserSessions {

    /** The request header a state change under the session cookie must carry the CSRF token in. */
    String CSRF_HEADER = "X-XSRF-TOKEN";

    /**
     * Checks the password (under the login rate limits), opens a web session and sets its session and
     * CSRF cookies on the response.
     *
     * @return the signed-in user's id
     * @throws IdentityProblem.InvalidCredentials when the email or password is wrong
     * @throws dev.arena.platform.TooManyRequests when the address or the account tried too often
     */
    long signIn(String email, String password, HttpServletRequest request, HttpServletResponse response);

    /** Ends the caller's session (when it is one) and clears the cookies. */
    void signOut(@Nullable ArenaPrincipal caller, HttpServletResponse response);

    /** The CSRF token that goes with the request's session cookie, or null when it carries none. */
    @Nullable String csrfToken(HttpServletRequest request);
}
