package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Numbers, not assertions: sequential cold and pooled starts through the API beside a bare
 * {@code docker run -d} of the same image in the same loop, and the mean of each start phase. Not part of
 * the suite (its name does not end in Tests); run it with {@code ./mvnw test -Dtest=InstanceStartMeasurement}.
 */
@ArenaTest
class InstanceStartMeasurement {

    static final int RUNS = Integer.getInteger("runs", 12);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    InstancesSettings settings;

    @Autowired
    InstancePool pool;

    @Test
    void measure() throws Exception {
        Api alice = Api.signedIn(port, "measurer");
        String project = alice.createProject(alice.createOrg("Measure CTF"), "measure-ctf");
        String cold = "/v1/projects/" + project + "/challenges/" + createChallenge(alice, project, webChallenge("cold", Map.of()));
        String pooledId = createChallenge(alice, project, webChallenge("pooled", Map.of("warmPool", 1)));
        String pooled = "/v1/projects/" + project + "/challenges/" + pooledId;
        List<Double> bare = new ArrayList<>();
        List<Double> colds = new ArrayList<>();
        List<Double> pooleds = new ArrayList<>();
        try {
            for (int i = 0; i < RUNS + 2; i++) {
                double c = timedStart(alice, cold);
                double b = bareRun(i);
                awaitPool(Long.parseLong(pooledId));
                double p = timedStart(alice, pooled);
                if (i >= 2) {
                    bare.add(b);
                    colds.add(c);
                    pooleds.add(p);
                } else {
                    meters.find(StartPhases.METRIC).timers().forEach(meters::remove);
                }
            }
        } finally {
            Players.cleanUp(Players.engine(), settings.deployment());
        }
        double floor = median(bare);
        System.out.printf("[measure] bare docker run -d p50 %.0f ms; cold start p50 %.0f ms (%.2f x); pooled start p50 %.0f ms (%.2f x)%n",
                floor, median(colds), median(colds) / floor, median(pooleds), median(pooleds) / floor);
        for (Timer timer : meters.find(StartPhases.METRIC).timers()) {
            System.out.printf("[measure] %s %-8s mean %5.1f ms (n=%d)%n", timer.getId().getTag("path"), timer.getId().getTag("phase"),
                    timer.mean(TimeUnit.MILLISECONDS), timer.count());
        }
    }

    private double timedStart(Api player, String challenge) {
        long start = System.nanoTime();
        var started = player.post(challenge + "/instance", null);
        double millis = (System.nanoTime() - start) / 1e6;
        if (started.status() != 201) {
            throw new IllegalStateException(started.toString());
        }
        player.delete(challenge + "/instance");
        return millis;
    }

    /** A bare {@code docker run -d} of the challenge's image and command on the instances' network, removed afterwards. */
    private double bareRun(int i) throws Exception {
        String name = "measure-bare-" + settings.deployment() + "-" + i;
        long start = System.nanoTime();
        run("docker", "run", "-d", "--name", name, "--label", Containers.DEPLOYMENT + "=" + settings.deployment(), "--network",
                settings.network(), "-p", "127.0.0.1::8080", "arena/busybox:1", "httpd", "-f", "-p", "8080", "-h", "/tmp");
        double millis = (System.nanoTime() - start) / 1e6;
        run("docker", "rm", "-f", name);
        return millis;
    }

    private void awaitPool(long challengeId) throws InterruptedException {
        for (int i = 0; i < 300 && pool.size(challengeId) == 0; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    private static void run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
