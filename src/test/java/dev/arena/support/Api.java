package dev.arena.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for a running Arena, speaking as one client address (sent as {@code X-Forwarded-For},
 * which the test profile trusts one hop of). It keeps cookies like a browser would when asked to.
 */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private final String base;
    private final String ip;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private @Nullable String bearer;

    private Api(String base, String ip) {
        this.base = base;
        this.ip = ip;
    }

    /** A client at a fresh address of its own. */
    public static Api at(int port) {
        int n = NEXT.getAndIncrement() + ThreadLocalRandom.current().nextInt(1 << 20) * 1000;
        return new Api("http://127.0.0.1:" + port, "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255));
    }

    /** A unique email address for a test user. */
    public static String email(String who) {
        return who + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "@example.test";
    }

    /** An {@code application/x-www-form-urlencoded} body of name, value pairs, as a browser's form sends it. */
    public static String form(String... pairs) {
        var text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(java.net.URLEncoder.encode(pairs[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** The password every test user gets. */
    public static final String PASSWORD = "correct horse battery";

    /** Registers a fresh user and returns a client signed in as them with a CLI session token. */
    public static Api signedIn(int port, String who) {
        Api api = at(port);
        String email = email(who);
        var registered = api.post("/v1/auth/register", Map.of("email", email, "password", PASSWORD, "displayName", who));
        if (registered.status() != 202) {
            throw new IllegalStateException("registration failed: " + registered);
        }
        var login = api.post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli"));
        if (login.status() != 200) {
            throw new IllegalStateException("login failed: " + login);
        }
        return api.bearer(login.text("token"));
    }

    /** Creates an organisation as this client's user and returns its id. */
    public String createOrg(String name) {
        return created(post("/v1/orgs", Map.of("name", name)));
    }

    /** Creates a project in an organisation as this client's user and returns its id. */
    public String createProject(String orgId, String name) {
        return created(post("/v1/orgs/" + orgId + "/projects", Map.of("name", name)));
    }

    private static String created(Response response) {
        if (response.status() != 201) {
            throw new IllegalStateException("expected 201: " + response);
        }
        return response.text("id");
    }

    public Api bearer(@Nullable String token) {
        this.bearer = token;
        return this;
    }

    /** The bearer token this client sends, if any. */
    public @Nullable String bearerToken() {
        return bearer;
    }

    public String ip() {
        return ip;
    }

    public @Nullable String cookie(String name) {
        return cookies.get(name);
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Response post(String path, @Nullable Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    /** Sends a request; {@code body} is serialised as JSON unless it is already a String. */
    public Response send(String method, String path, @Nullable Object body, Map<String, String> headers) {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
                .header("X-Forwarded-For", ip)
                .header("Accept", "application/json, application/problem+json");
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            String csrf = cookies.get("XSRF-TOKEN");
            if (csrf != null && !headers.containsKey("X-XSRF-TOKEN")) {
                request.header("X-XSRF-TOKEN", csrf);
            }
        }
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keepCookies(response.headers().allValues("set-cookie"));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(List<String> setCookies) {
        for (String header : setCookies) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    /** A response; {@link #json()} parses the body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body.isEmpty() ? "null" : body);
        }

        public String text(String field) {
            return json().path(field).asString();
        }

        public @Nullable String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }

        public boolean isProblem() {
            String type = header("Content-Type");
            return type != null && type.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
