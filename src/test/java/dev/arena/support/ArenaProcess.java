package dev.arena.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A whole Arena in a child JVM started from this test run's own classpath (less the test classes), on a free port, so that a test
 * can kill it (SIGKILL, nothing runs on the way out) and start it again on the same database. It runs in the
 * directory the test gives, so its default database ({@code ./data/arena}, H2) lives there; its output goes
 * to {@code arena.log} there too, and failures to start quote the end of it.
 */
public final class ArenaProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private ArenaProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts Arena with {@code settings} ({@code name=value}, as on its command line) on top of a free port,
     * one trusted proxy (for {@link Api}'s client addresses) and a deployment label of its own, without
     * waiting for it; {@link #awaitReady()} does.
     */
    public static ArenaProcess launch(Path dir, List<String> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", applicationClassPath(), "dev.arena.Arena",
                "--server.port=" + port, "--arena.platform.trusted-proxies=1",
                "--arena.instances.deployment=child-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
        settings.forEach(setting -> command.add("--" + setting));
        Path log = dir.resolve("arena.log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ArenaProcess(process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Arena as {@link #launch} does and waits until it is ready. */
    public static ArenaProcess start(Path dir, List<String> settings) throws InterruptedException {
        ArenaProcess arena = launch(dir, settings);
        arena.awaitReady();
        return arena;
    }

    /** Waits (up to three minutes: a loaded machine starts Arena slowly) until {@code /v1/health/ready} answers 200. */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Arena exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                var ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Arena was not ready within three minutes:\n" + logTail());
    }

    /** Waits (up to two minutes) for the process to end on its own and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("Arena did not exit:\n" + logTail());
        }
        return process.exitValue();
    }

    public int port() {
        return port;
    }

    /** Kills the process with SIGKILL and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The last 60 lines Arena wrote. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Arena (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * This run's classpath without the test classes: Arena's component scan would otherwise pick up the tests'
     * own configurations (they live under {@code dev.arena} too).
     */
    private static String applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A TCP port nothing listens on now. */
    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
