package dev.arena.evaluations.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Docker daemon of the test's own (socket, data root, exec root and pid file in one directory; no
 * iptables: sandboxes have no network anyway), so that a test can stop and start it while the shared
 * engine serves everyone else. Its own empty configuration file keeps the machine's {@code daemon.json}
 * (the shared engine's {@code bip}) out. It gets a bridge interface of its own: with {@code --bridge none} a
 * daemon deletes the host's {@code docker0} when it starts, which breaks every container of the shared engine
 * on its default network.
 */
final class PrivateEngine implements AutoCloseable {

    private final Path dir;
    private final String bridge = "arena" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 28, Integer.MAX_VALUE));
    private Process daemon;

    private PrivateEngine(Path dir) {
        this.dir = dir;
    }

    /** Whether this machine can run one: the {@code dockerd} binary is there and the test runs as root. */
    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/dockerd")) && "root".equals(System.getProperty("user.name"));
    }

    static PrivateEngine start(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("daemon.json"), "{}");
        PrivateEngine engine = new PrivateEngine(dir);
        run(List.of("ip", "link", "add", engine.bridge, "type", "bridge"));
        engine.startDaemon();
        return engine;
    }

    /** The address to give Arena's {@code arena.runtime.docker-host}. */
    String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Copies an image from the shared engine into this one. */
    void load(String image) throws IOException, InterruptedException {
        run(List.of("sh", "-c", "docker save " + image + " | docker -H " + host() + " load"));
    }

    /** Starts the daemon (again) and waits until it answers. */
    void startDaemon() throws IOException, InterruptedException {
        daemon = new ProcessBuilder("/usr/sbin/dockerd", "--config-file", dir.resolve("daemon.json").toString(),
                "--host", host(), "--data-root", dir.resolve("root").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "--bridge", bridge, "--iptables=false", "--ip-masq=false",
                "--shutdown-timeout", "1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile())).start();
        for (int i = 0; i < 120; i++) {
            if (new ProcessBuilder("docker", "-H", host(), "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0) {
                return;
            }
            if (!daemon.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the private dockerd did not start; see " + dir.resolve("dockerd.log"));
    }

    /** Stops the daemon as an operator would (SIGTERM; it stops its containers) and waits until it is gone. */
    void stopDaemon() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
            daemon.destroyForcibly().waitFor();
        }
    }

    /** Stops the daemon and removes everything it kept (dockerd leaves its data root mounted on itself). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (daemon.isAlive()) {
            stopDaemon();
        }
        new ProcessBuilder("umount", dir.resolve("root").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        run(List.of("rm", "-rf", dir.toString()));
        run(List.of("ip", "link", "delete", bridge));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
