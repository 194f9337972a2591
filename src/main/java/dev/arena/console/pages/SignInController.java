package dev.arena.console.pages;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.BrowserSessions;
import dev.arena.identity.IdentityProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in and out of the console. The form posts with htmx; a good password opens the same web
 * session as {@code POST /v1/auth/login} and sends the browser to the project picker.
 */
@Controller
class SignInController {

    private final BrowserSessions sessions;

    SignInController(BrowserSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(ConsoleConfiguration.ROOT + "/login")
    String page() {
        return "console/login";
    }

    @PostMapping(ConsoleConfiguration.ROOT + "/login")
    String signIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        if (email.isBlank() || email.length() > 320 || password.length() > 1024) {
            model.addAttribute("message", "Enter your email and password.");
            return "console/fragments :: refused";
        }
        try {
            sessions.signIn(email, password, request, response);
        } catch (IdentityProblem.InvalidCredentials wrong) {
            model.addAttribute("message", "Wrong email or password.");
            return "console/fragments :: refused";
        }
        response.setHeader("HX-Redirect", ConsoleConfiguration.ROOT);
        return "console/fragments :: signed-in";
    }

    @PostMapping(ConsoleConfiguration.ROOT + "/logout")
    String signOut(@AuthenticationPrincipal @Nullable ArenaPrincipal caller, HttpServletResponse response) {
        sessions.signOut(caller, response);
        response.setHeader("HX-Redirect", ConsoleConfiguration.ROOT + "/login");
        return "console/fragments :: signed-out";
    }
}
