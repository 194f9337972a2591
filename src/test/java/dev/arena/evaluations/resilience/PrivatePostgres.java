package dev.arena.evaluations.resilience;

import dev.arena.support.ArenaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 cluster of the test's own (initdb in a temporary directory, a free port on 127.0.0.1, trust
 * authentication), so that a test can restart it while the shared server serves everyone else. initdb refuses
 * to run as root, so every command runs as the {@code postgres} OS user, who owns the directory.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Whether this machine can run one: the PostgreSQL 15 binaries, {@code runuser} and root. */
    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(Path.of("/usr/sbin/runuser"))
                && "root".equals(System.getProperty("user.name"));
    }

    static PrivatePostgres start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "arena-pg-");
        run("chown", "postgres:postgres", dir.toString());
        PrivatePostgres postgres = new PrivatePostgres(dir, ArenaProcess.freePort());
        postgres.asPostgres(BIN.resolve("initdb").toString(), "-D", postgres.data(), "-A", "trust", "-U", "postgres", "--no-sync");
        postgres.asPostgres(BIN.resolve("pg_ctl").toString(), "-D", postgres.data(), "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + postgres.port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "start");
        return postgres;
    }

    /** The JDBC URL of its {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Restarts the server as an operator would in a hurry: {@code pg_ctl restart -m fast} ends every connection. */
    void restart() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("postgres.log").toString(), "-m", "fast", "-w",
                "restart");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
        run("rm", "-rf", dir.toString());
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        line.addAll(List.of(command));
        run(line.toArray(String[]::new));
    }

    /**
     * Runs a command to its end, its output into a file: the server {@code pg_ctl} starts inherits the
     * command's output and keeps it open, so a pipe read to its end would never end.
     */
    private static void run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("arena-pg-command-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
