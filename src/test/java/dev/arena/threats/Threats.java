package dev.arena.threats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Steps the threat tests share: a project with a token for a role, sending events, waiting for the pipeline. */
public final class Threats {

    public static final String NDJSON = "application/x-ndjson";

    private Threats() {
    }

    /** A fresh org and project owned by a fresh user; returns {owner, projectId}. */
    public record Project(Api owner, String orgId, String id) {

        public static Project create(int port, String name) {
            Api owner = Api.signedIn(port, name);
            String org = owner.createOrg(name);
            return new Project(owner, org, owner.createProject(org, name));
        }

        /** A client holding a project access token with the role. */
        public Api token(int port, String role) {
            var minted = owner.post("/v1/orgs/" + orgId + "/projects/" + id + "/tokens", Map.of("role", role));
            assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
            return Api.at(port).bearer(minted.text("access_token"));
        }

        public String path(String rest) {
            return "/v1/projects/" + id + "/threats" + rest;
        }
    }

    public static Api.Response ingest(Api client, Project project, String body, String contentType) {
        return client.send("POST", project.path("/events"), body, Map.of("Content-Type", contentType));
    }

    /** Waits up to 15 s for a value the condition accepts, polling; fails with the last value seen. */
    public static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not there after 15 s: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }

    /** The project's sessions once at least {@code count} exist. */
    public static JsonNode sessions(Api reader, Project project, String query, int count) {
        return await(() -> reader.get(project.path("/sessions" + query)).json().path("items"), items -> items.size() >= count);
    }
}
