package dev.arena.instances.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the instance tests share: a project with a busybox web challenge, and a plain engine client. */
final class Players {

    static final String HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");

    private Players() {
    }

    /** A challenge serving its flag over HTTP from /www on port 8080, with the given overrides. */
    static Map<String, Object> webChallenge(String name, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "name", name, "image", "arena/busybox:1", "command", List.of("httpd", "-f", "-p", "8080", "-h", "/www"),
                "ports", List.of(8080), "memoryMib", 32, "cpus", 0.5, "lifetimeSeconds", 120, "extensionSeconds", 30,
                "maxExtensions", 2, "flagTemplate", "flag{web}"));
        body.put("flagFile", "/www/flag.txt");
        body.putAll(overrides);
        return body;
    }

    static String createChallenge(Api writer, String project, Map<String, Object> body) {
        var created = writer.post("/v1/projects/" + project + "/challenges", body);
        if (created.status() != 201) {
            throw new IllegalStateException("challenge not created: " + created);
        }
        return created.text("id");
    }

    static DockerClient engine() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(URI.create(HOST)).build());
    }

    /** Removes every instance and warm-pool container of one deployment (one test application context). */
    static void cleanUp(DockerClient engine, String deployment) {
        engine.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Containers.DEPLOYMENT, deployment)).exec()
                .forEach(c -> {
                    try {
                        engine.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    } catch (RuntimeException gone) {
                        // Removed meanwhile.
                    }
                });
    }

    /** A page of a challenge published on the host port, waiting up to 5 s for it to answer. */
    static String fetch(int hostPort, String path) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Exception last = null;
        for (int attempt = 0; attempt < 25; attempt++) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the challenge never answered on port " + hostPort, last);
    }
}
