package dev.arena.console;

import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.util.Map;

/** What the console's page tests send as a browser and as htmx, and how they sign a user in through its form. */
final class ConsoleRequests {

    /** The headers of a browser asking for a page. */
    static final Map<String, String> PAGE = Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    /** The headers of an htmx form post. */
    static final Map<String, String> HTMX = Map.of("Accept", "*/*", "HX-Request", "true",
            "Content-Type", "application/x-www-form-urlencoded");

    private ConsoleRequests() {
    }

    /** A user registered with this address (if it was not already), signed in through the console's form, holding its cookies. */
    static Api webUser(int port, String email) {
        Api.at(port).post("/v1/auth/register", Map.of("email", email, "password", Api.PASSWORD, "displayName", email));
        return signIn(port, email);
    }

    /** A registered user signed in through the console's form, holding its cookies. */
    static Api signIn(int port, String email) {
        Api browser = Api.at(port);
        var signedIn = browser.send("POST", "/console/login", form("email", email, "password", Api.PASSWORD), HTMX);
        assertThat(signedIn.header("HX-Redirect")).as(signedIn.toString()).isEqualTo("/console");
        return browser;
    }
}
