package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerLogs;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Runs one program once in a fresh, single-use container: no network, read-only root, a small tmpfs
 * {@code /tmp} as work directory, all capabilities dropped, no-new-privileges, user 10001, memory, CPU and
 * pids limits.
 *
 * <p>The runner is a POSIX shell script passed as the command ({@code sh -c}). Source and stdin travel in
 * environment variables that the runner writes into {@code /tmp} before it starts the program, which
 * saves the volume and the upload that delivering files costs on the engine (~0.1 s); inputs too large
 * for one environment variable (or holding NUL) are delivered as read-only files into {@value #FILES}.
 * The runner pipes stdout and stderr through {@code head -c limit+1}, so a program that writes too much is
 * stopped by SIGPIPE inside the sandbox instead of filling the engine's log; the extra byte tells that it
 * was truncated. The wall-time limit is the worker's: it watches the container and kills it at the
 * limit. The runtime port offers no wait, so the worker polls, quickly at first. The container is
 * removed in the background after the result is read.
 */
@Component
class Sandbox {

    /** A program's failure to run at all is the sandbox's, not the program's: the runner exits with this. */
    static final int RUNNER_FAILED = 125;

    /** Where inputs too large for the environment are delivered, read-only. */
    static final String FILES = "/run/arena";
    /** Below Linux's limit of 128 KiB for one environment string. */
    static final int MAX_INLINE_BYTES = 120 * 1024;

    private static final String RUNNER = """
            cd /tmp || exit 125
            if [ -n "${ARENA_INLINE-}" ]; then
              printf '%s' "$ARENA_SOURCE" > "$ARENA_FILE" || exit 125
              printf '%s' "$ARENA_STDIN" > .arena-stdin || exit 125
              unset ARENA_SOURCE ARENA_STDIN ARENA_INLINE ARENA_FILE
              input=.arena-stdin
            else
              input=/run/arena/stdin
            fi
            mkfifo .arena-out .arena-err || exit 125
            head -c "$ARENA_CAP" < .arena-out &
            head -c "$ARENA_CAP" < .arena-err >&2 &
            unset ARENA_CAP
            "$@" < "$input" > .arena-out 2> .arena-err
            code=$?
            wait
            exit $code
            """;
    private static final int KILLED = 137;
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 50;

    private final ContainerRuntime runtime;
    private final EvaluationSettings settings;
    private final Clock clock;

    Sandbox(ContainerRuntime runtime, EvaluationSettings settings, Clock clock) {
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the program to its end or its wall-time limit.
     *
     * @param abandon asked while the program runs; true kills it and ends the run with {@link LeaseLost}
     * @throws ContainerRuntimeException when the engine fails: the run says nothing about the program
     * @throws LeaseLost                 when {@code abandon} said so
     */
    RunResult run(Language language, String source, String stdin, Limits limits, ArenaLabels labels, BooleanSupplier abandon)
            throws InterruptedException {
        String id = runtime.create(spec(language, source, stdin, limits, labels));
        try {
            runtime.start(id);
            Instant started = clock.instant();
            boolean timedOut = awaitExit(id, started, limits.wallMs(), abandon);
            Instant ended = clock.instant();
            ContainerInfo info = runtime.inspect(id);
            ContainerLogs logs = runtime.logs(id, Integer.MAX_VALUE);
            return result(info, logs, limits, timedOut, started, ended);
        } finally {
            Thread.ofVirtual().name("sandbox-removal").start(() -> removeQuietly(id));
        }
    }

    private ContainerSpec spec(Language language, String source, String stdin, Limits limits, ArenaLabels labels) {
        boolean inline = inlinable(source) && inlinable(stdin);
        String directory = inline ? "/tmp" : FILES;
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", RUNNER, "arena"));
        language.runCommand().forEach(arg -> cmd.add(arg.equals(language.fileName()) ? directory + "/" + arg : arg));
        var spec = ContainerSpec.builder(language.image(), labels)
                .cmd(cmd.toArray(String[]::new))
                .env("ARENA_CAP", Integer.toString(limits.outputBytes() + 1))
                .network(ContainerSpec.NO_NETWORK)
                .memoryBytes(limits.memoryBytes())
                .cpus(settings.cpus())
                .pidsLimit(limits.pids())
                .tmpfs("/tmp", settings.workDirSize().toBytes());
        if (inline) {
            spec.env("ARENA_INLINE", "1").env("ARENA_FILE", directory + "/" + language.fileName())
                    .env("ARENA_SOURCE", source).env("ARENA_STDIN", stdin);
        } else {
            spec.file(ContainerFile.text(FILES + "/" + language.fileName(), source))
                    .file(ContainerFile.text(FILES + "/stdin", stdin));
        }
        return spec.build();
    }

    private static boolean inlinable(String text) {
        return text.indexOf('\0') < 0
                && (text.length() <= MAX_INLINE_BYTES / 3 || text.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_BYTES);
    }

    /** Waits for the container to exit; kills it at the deadline and answers true then. */
    private boolean awaitExit(String id, Instant started, long wallMs, BooleanSupplier abandon) throws InterruptedException {
        Instant deadline = started.plusMillis(wallMs);
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            if (!runtime.inspect(id).running()) {
                return false;
            }
            if (abandon.getAsBoolean()) {
                throw new LeaseLost();
            }
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                runtime.stop(id, Duration.ZERO);
                return true;
            }
            Thread.sleep(Math.min(pause, left));
            pause = Math.min(MAX_POLL_MILLIS, pause * 3 / 2 + 1);
        }
    }

    private RunResult result(ContainerInfo info, ContainerLogs logs, Limits limits, boolean timedOut, Instant started, Instant ended) {
        byte[] out = logs.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = logs.stderr().getBytes(StandardCharsets.UTF_8);
        boolean outCut = out.length > limits.outputBytes();
        boolean errCut = err.length > limits.outputBytes();
        Integer exit = timedOut ? null : info.exitCode();
        if (exit != null && exit == RUNNER_FAILED && logs.stdout().isEmpty()) {
            throw new ContainerRuntimeException.EngineError("the sandbox's runner failed: " + logs.stderr().strip(), new IllegalStateException());
        }
        Status status;
        if (timedOut) {
            status = Status.TIME_LIMIT;
        } else if (info.oomKilled() || (exit != null && exit == KILLED)) {
            status = Status.MEMORY_LIMIT; // nothing but the kernel's OOM killer sends SIGKILL inside a sandbox
        } else if (outCut || errCut) {
            status = Status.OUTPUT_LIMIT;
        } else {
            status = exit != null && exit == 0 ? Status.COMPLETED : Status.RUNTIME_ERROR;
        }
        Instant from = info.startedAt() != null ? info.startedAt() : started;
        Instant to = !timedOut && info.finishedAt() != null && info.finishedAt().isAfter(from) ? info.finishedAt() : ended;
        return new RunResult(status, exit, cut(out, limits.outputBytes()), cut(err, limits.outputBytes()), outCut, errCut,
                Duration.between(from, to).toMillis(), from, to);
    }

    /** The first {@code max} bytes as text, dropping a character the cut split. */
    private static String cut(byte[] bytes, int max) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(Math.min(bytes.length, max));
        decoder.decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, max)), chars, true);
        return chars.flip().toString();
    }

    private void removeQuietly(String id) {
        try {
            runtime.remove(id);
        } catch (ContainerRuntimeException e) {
            // Labels let reconciliation find a sandbox left behind.
        }
    }

    /** The worker lost its lease while the program ran: another worker owns the job now. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
