package dev.arena.console.pages;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.BrowserSessions;
import dev.arena.identity.Operators;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;

/**
 * What every console page's layout needs: the CSRF token its htmx requests send back, and whether the caller
 * is one of Arena's operators (for the navigation; looked up only when a page's navigation asks, so the
 * fragments htmx polls cost nothing).
 */
@ControllerAdvice(basePackages = "dev.arena.console")
class ConsoleModel {

    private final BrowserSessions sessions;
    private final Operators operators;

    ConsoleModel(BrowserSessions sessions, Operators operators) {
        this.sessions = sessions;
        this.operators = operators;
    }

    @ModelAttribute("csrf")
    @Nullable String csrf(HttpServletRequest request) {
        return sessions.csrfToken(request);
    }

    @ModelAttribute("arenaOperator")
    LazyContextVariable<Boolean> arenaOperator(@AuthenticationPrincipal @Nullable ArenaPrincipal caller) {
        return new LazyContextVariable<>() {
            @Override
            protected Boolean loadValue() {
                return caller != null && operators.isOperator(caller);
            }
        };
    }
}
