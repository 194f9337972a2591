package dev.arena.evaluations.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sandboxes on a Docker engine, seen through the docker CLI (the test's view, not Arena's). */
final class Sandboxes {

    private Sandboxes() {
    }

    /** The evaluation ids among {@code ids} that still have a sandbox (running or not) on the engine at {@code host}. */
    static List<String> of(String host, List<String> ids) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "-H", host, "ps", "-a", "--filter", "label=arena.kind=sandbox",
                "--format", "{{.Label \"arena.id\"}}").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ps.waitFor() != 0) {
            throw new IOException("docker ps failed: " + out);
        }
        return out.lines().filter(ids::contains).toList();
    }

    /** Waits up to 30 s until none of {@code ids} has a sandbox left on the engine at {@code host}. */
    static void awaitNoneOf(String host, List<String> ids) throws IOException, InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 60; i++) {
            left = of(host, ids);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("sandboxes left behind for evaluations " + left);
    }
}
