package dev.arena.identity.account;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.BrowserSessions;
import dev.arena.identity.IdentitySettings;
import dev.arena.identity.security.SessionCookies;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.PlatformSettings;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Web sign-in for {@code POST /v1/auth/login} and for the console's pages: one way to open a browser session. */
@Service
class WebSignIn implements BrowserSessions {

    private final Accounts accounts;
    private final SessionCookies cookies;
    private final IdentitySettings settings;
    private final PlatformSettings platform;

    WebSignIn(Accounts accounts, SessionCookies cookies, IdentitySettings settings, PlatformSettings platform) {
        this.accounts = accounts;
        this.cookies = cookies;
        this.settings = settings;
        this.platform = platform;
    }

    @Override
    public long signIn(String email, String password, HttpServletRequest request, HttpServletResponse response) {
        return open(email, password, request, response).user().id();
    }

    /** Signs in with client {@code web} and sets the session and CSRF cookies. */
    Accounts.SignedIn open(String email, String password, HttpServletRequest request, HttpServletResponse response) {
        String userAgent = request.getHeader("User-Agent") == null ? "" : request.getHeader("User-Agent");
        Accounts.SignedIn signedIn = accounts.login(email, password, "web", ip(request), userAgent);
        cookies.set(response, signedIn.session().token(), settings.webSessionTtl());
        return signedIn;
    }

    @Override
    public void signOut(@Nullable ArenaPrincipal caller, HttpServletResponse response) {
        if (caller instanceof ArenaPrincipal.UserSession session) {
            accounts.logout(session.userId(), session.sessionId());
        }
        cookies.clear(response);
    }

    @Override
    public @Nullable String csrfToken(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all != null) {
            for (Cookie c : all) {
                if (c.getName().equals(SessionCookies.SESSION) && !c.getValue().isEmpty()) {
                    return SessionCookies.csrfTokenFor(c.getValue());
                }
            }
        }
        return null;
    }

    String ip(HttpServletRequest request) {
        return ClientAddress.of(request, platform.trustedProxies());
    }
}
