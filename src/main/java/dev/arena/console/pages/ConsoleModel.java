package dev.arena.console.pages;

import dev.arena.identity.BrowserSessions;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout needs: the CSRF token its htmx requests send back. */
@ControllerAdvice(basePackages = "dev.arena.console")
class ConsoleModel {

    private final BrowserSessions sessions;

    ConsoleModel(BrowserSessions sessions) {
        this.sessions = sessions;
    }

    @ModelAttribute("csrf")
    @Nullable String csrf(HttpServletRequest request) {
        return sessions.csrfToken(request);
    }
}
