package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad input of every kind gets a 4xx problem response, never a 500 and never a stack trace. */
@ArenaTest
class ProblemResponsesTests {

    @LocalServerPort
    int port;

    private Api.Response assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.json().path("type").asString()).as(response.toString()).startsWith("urn:arena:problem:");
        assertThat(response.body()).doesNotContain("Exception", "at dev.arena", "at org.");
        return response;
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(Api.at(port).post("/v1/auth/login", "{\"email\": "), 400);
        assertProblem(Api.at(port).post("/v1/auth/login", "[1,2,3]"), 400);
        assertProblem(Api.at(port).post("/v1/auth/login", ""), 400);
    }

    @Test
    void wrongTypesAreABadRequest() {
        assertProblem(Api.at(port).post("/v1/auth/login", Map.of("email", Map.of("nested", true), "password", 5)), 400);
    }

    @Test
    void missingFieldsAreUnprocessableAndNamed() {
        var response = assertProblem(Api.at(port).post("/v1/auth/register", Map.of("email", "a@b.test")), 422);
        assertThat(response.json().path("errors").toString()).contains("password", "displayName");
    }

    @Test
    void anInvalidEnumValueIsUnprocessable() {
        assertProblem(Api.at(port).post("/v1/auth/login", Map.of("email", "a@b.test", "password", "x", "client", "tv")), 422);
    }

    @Test
    void oversizedBodiesAreRefusedWith413() {
        String big = "{\"email\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(Api.at(port).post("/v1/auth/login", big), 413);
    }

    @Test
    void oversizedChunkedBodiesAreRefusedWith413() {
        var api = Api.at(port);
        String big = "{\"email\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        var response = api.send("POST", "/v1/auth/login", big, Map.of("Transfer-Encoding", "chunked"));
        assertThat(response.status()).isIn(413, 400);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void unknownRoutesAreProblemsForStrangersAndForUsers() {
        assertProblem(Api.at(port).get("/v1/nothing-here"), 401);
        var api = Api.at(port);
        api.post("/v1/auth/register", Map.of("email", Api.email("lost"), "password", "correct horse battery", "displayName", "L"));
        // A signed-in caller is told the route does not exist.
        String email = Api.email("router");
        api.post("/v1/auth/register", Map.of("email", email, "password", "correct horse battery", "displayName", "R"));
        String token = api.post("/v1/auth/login", Map.of("email", email, "password", "correct horse battery", "client", "cli")).text("token");
        assertProblem(api.bearer(token).get("/v1/nothing-here"), 404);
        assertProblem(api.bearer(token).send("PUT", "/v1/users/me", "{}", Map.of()), 405);
    }

    @Test
    void anUnauthenticatedCallIsA401Problem() {
        assertProblem(Api.at(port).get("/v1/users/me"), 401);
        assertProblem(Api.at(port).bearer("ars_not-a-session").get("/v1/users/me"), 401);
        assertProblem(Api.at(port).bearer("a.b.c").get("/v1/users/me"), 401);
    }

    @Test
    void aMalformedIdInThePathIsANotFound() {
        var api = Api.at(port);
        String email = Api.email("ids");
        api.post("/v1/auth/register", Map.of("email", email, "password", "correct horse battery", "displayName", "I"));
        String token = api.post("/v1/auth/login", Map.of("email", email, "password", "correct horse battery", "client", "cli")).text("token");
        assertProblem(api.bearer(token).delete("/v1/users/me/sessions/not-a-number"), 404);
    }
}
