package dev.arena.evaluations.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/** A project owner submitting shell programs to an Arena over HTTP and collecting their results. */
final class Submitter {

    private final Api owner;
    private final String path;

    private Submitter(Api owner, String path) {
        this.owner = owner;
        this.path = path;
    }

    /** Registers a user with a project of their own on the Arena at {@code port}. */
    static Submitter signUp(int port, String who) {
        Api owner = Api.signedIn(port, who);
        return new Submitter(owner, "/v1/projects/" + owner.createProject(owner.createOrg(who), who) + "/evaluations");
    }

    /** The same user and project, talking to an Arena at another port (the same one restarted elsewhere). */
    Submitter at(int port) {
        return new Submitter(Api.at(port).bearer(owner.bearerToken()), path);
    }

    /** Queues {@code source} as a shell program and returns its id (the answer must be 202). */
    String submit(String source) {
        var accepted = owner.post(path, Map.of("language", "shell", "source", source));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        return accepted.text("id");
    }

    /** Queues one program per source, in order. */
    List<String> submitAll(List<String> sources) {
        return sources.stream().map(this::submit).toList();
    }

    /** The evaluation; a 503 (its database restarting) is asked again for up to 10 s, any other answer but 200 fails. */
    JsonNode get(String id) {
        var seen = owner.get(path + "/" + id);
        for (int retry = 0; seen.status() == 503 && retry < 50; retry++) {
            assertThat(seen.header("Retry-After")).as("%s", seen).isNotNull();
            LockSupport.parkNanos(200_000_000L);
            seen = owner.get(path + "/" + id);
        }
        assertThat(seen.status()).as("%s", seen).isEqualTo(200);
        return seen.json();
    }

    /** The evaluations of the project, however many there are (one page of up to 100). */
    List<String> listed() {
        return owner.get(path + "?limit=100").json().get("items").findValuesAsString("id");
    }

    /** Waits until every one has a final status and returns them in order. */
    List<JsonNode> awaitResults(List<String> ids, int seconds) throws InterruptedException {
        List<JsonNode> results = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (String id : ids) {
            JsonNode seen = get(id);
            while (List.of("queued", "running").contains(seen.get("status").asString())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no result within " + seconds + " s: " + seen);
                }
                Thread.sleep(200);
                seen = get(id);
            }
            results.add(seen);
        }
        return results;
    }
}
