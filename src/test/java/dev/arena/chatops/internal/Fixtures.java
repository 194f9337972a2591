package dev.arena.chatops.internal;

import dev.arena.support.Api;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What chat-ops tests share: an operator, a project with an admin, a challenge. */
public final class Fixtures {

    public static final String OPERATOR = "operator@arena.test";

    private Fixtures() {
    }

    /** A client signed in as the operator of the test profile, whose address is marked verified. */
    public static Api operator(int port, JdbcClient jdbc) {
        Api api = Api.at(port);
        api.post("/v1/auth/register", Map.of("email", OPERATOR, "password", Api.PASSWORD, "displayName", "Operator"));
        jdbc.sql("UPDATE users SET email_verified = TRUE WHERE email = ?").param(OPERATOR).update();
        var login = api.post("/v1/auth/login", Map.of("email", OPERATOR, "password", Api.PASSWORD, "client", "cli"));
        return api.bearer(login.text("token"));
    }

    /** A fresh project of a fresh org owned by {@code admin}; returns the project id. */
    public static String project(Api admin, String name) {
        return admin.createProject(admin.createOrg(name + "-org"), name);
    }

    static String challenge(Api admin, String project, String name) {
        var created = admin.post("/v1/projects/" + project + "/challenges", Map.of("name", name, "image", "arena/busybox:1",
                "command", List.of("httpd", "-f", "-p", "8080", "-h", "/www"), "ports", List.of(8080), "memoryMib", 32,
                "flagTemplate", "flag{" + name + "}", "flagFile", "/www/flag.txt"));
        if (created.status() != 201) {
            throw new IllegalStateException("challenge not created: " + created);
        }
        return created.text("id");
    }

    public static long userId(Api user) {
        return Long.parseLong(user.get("/v1/users/me").text("id"));
    }
}
