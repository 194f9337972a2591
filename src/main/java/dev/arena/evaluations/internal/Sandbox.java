package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ExecResult;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs a program in single-use, locked-down containers: no network, read-only root, a small tmpfs
 * {@code /tmp} as work directory, all capabilities dropped, no-new-privileges, user 10001, memory, CPU and
 * pids limits. A warm sandbox from the {@link WarmPool} waits (a shell reading its standard input, as PID 1's
 * child) until the runner is fed to it ({@link ContainerRuntime#feed}: a few milliseconds, where an exec
 * costs the engine ~0.1 s); so do the sandboxes of jobs with tests (one feed per test). A job of one run
 * that has no warm sandbox (pool empty or disabled, inputs too large for the environment, or a backlog)
 * gets a container whose own command is the runner, started with its output attached. Every container is removed, in the background, after the job; none is used for two jobs. A warm one
 * found dead when its program is handed over (the engine restarted, someone removed it) is replaced by a
 * fresh one, so the job does not count an infrastructure failure.
 *
 * <p>The runner is a POSIX shell script, fed to the waiting shell or run as the container's {@code sh -c}.
 * Source and stdin travel in shell or environment variables that the runner writes into {@code /tmp} before it starts the program, which saves the upload
 * that delivering files costs on the engine (~0.1 s); inputs too large for one environment variable (or
 * holding NUL) are delivered as read-only files into {@value #FILES} of a container made for the job. The
 * runner pipes stdout and stderr through {@code head -c limit+1}, so a program that writes too much is
 * stopped by SIGPIPE inside the sandbox; the extra byte tells that it was truncated. Around the program it
 * reads the container's cgroup (v2 or v1) for CPU time, peak memory and the OOM killer's count, and
 * appends them to stderr after a marker. The wall-time limit is the run's timeout: at it the whole
 * container is killed.
 */
@Component
class Sandbox {

    /** A program's failure to run at all is the sandbox's, not the program's: the runner exits with this. */
    static final int RUNNER_FAILED = 125;

    /** Where inputs too large for the environment are delivered, read-only. */
    static final String FILES = "/run/arena";
    /** Below Linux's limit of 128 KiB for one environment string. */
    static final int MAX_INLINE_BYTES = 120 * 1024;
    /** How long a sandbox's PID 1 waits for its program before the container ends by itself. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private static final String STATS_MARK = "\u001earena-stats ";
    private static final String END_MARK = "\u001earena-end ";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int STATS_ROOM = 256;
    private static final String RUNNER = """
            cd /tmp || exit 125
            field() { v=-; [ -r "$1" ] || return 0; while read -r k n; do [ "$k" = "$2" ] && v=$n; done < "$1"; }
            usage() {
              g=/sys/fs/cgroup
              if [ -r $g/cpu.stat ]; then
                field $g/cpu.stat usage_usec; cpu="$v us"; field $g/memory.events oom_kill; oom=$v
                peak=-; [ -r $g/memory.peak ] && read -r peak < $g/memory.peak
              else
                cpu="- ns"; [ -r $g/cpuacct/cpuacct.usage ] && read -r c < $g/cpuacct/cpuacct.usage && cpu="$c ns"
                field $g/memory/memory.oom_control oom_kill; oom=$v
                peak=-; [ -r $g/memory/memory.max_usage_in_bytes ] && read -r peak < $g/memory/memory.max_usage_in_bytes
              fi
            }
            if [ -n "${ARENA_INLINE-}" ]; then
              printf '%s' "$ARENA_SOURCE" > "$ARENA_FILE" || exit 125
              printf '%s' "$ARENA_STDIN" > .arena-stdin || exit 125
              input=.arena-stdin
            else
              input=$ARENA_INPUT
            fi
            cap=$ARENA_CAP
            unset ARENA_SOURCE ARENA_STDIN ARENA_INLINE ARENA_FILE ARENA_INPUT ARENA_CAP
            rm -f .arena-out .arena-err
            mkfifo .arena-out .arena-err || exit 125
            head -c "$cap" < .arena-out &
            head -c "$cap" < .arena-err >&2 &
            usage; before="$cpu $oom"
            "$@" < "$input" > .arena-out 2> .arena-err
            code=$?
            wait
            usage
            printf '\\036arena-stats %s %s %s %s\\n' "$before" "$cpu" "$oom" "$peak" >&2
            exit $code
            """;
    private static final int KILLED = 137;

    private final ContainerRuntime runtime;
    private final WarmPool pool;
    private final EvaluationSettings settings;
    private final Clock clock;

    Sandbox(ContainerRuntime runtime, WarmPool pool, EvaluationSettings settings, Clock clock) {
        this.runtime = runtime;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether to run the next input, given the index of the one that just ran and its result. */
    @FunctionalInterface
    interface Next {
        boolean after(int index, RunResult result);
    }

    /** What a job's runs answer to: whether the job is given up, and where its program runs, so giving up ends that run. */
    interface Watch {
        /** True once the job's lease went to another worker: its runs end with {@link LeaseLost}. */
        boolean abandoned();

        /** The sandbox the job's program runs in from now on. */
        void runsIn(String container);
    }

    /**
     * Runs the program once per input, in order, all in one single-use container, until {@code next} says
     * stop. A run that ends the container (time or memory limit) leaves the next input a fresh one.
     *
     * @param watch told of each sandbox, and asked before and after each run; abandoned ends the job with {@link LeaseLost}
     * @throws ContainerRuntimeException when the engine fails: the runs say nothing about the program
     * @throws LeaseLost                 when {@code watch} says the job is abandoned
     */
    List<RunResult> run(Language language, String source, List<String> inputs, Limits limits, ArenaLabels labels,
                        Watch watch, Next next) {
        boolean inline = inlinable(source) && inputs.stream().allMatch(Sandbox::inlinable);
        List<RunResult> results = new ArrayList<>();
        Held container = null;
        try {
            for (int i = 0; i < inputs.size(); i++) {
                if (watch.abandoned()) {
                    throw new LeaseLost();
                }
                if (container == null) {
                    container = acquire(language, source, inputs, inline, limits, labels);
                    watch.runsIn(container.id());
                }
                RunResult result;
                try {
                    result = execute(container.id(), language, source, inputs.get(i), i, inline, limits);
                } catch (ContainerRuntimeException.Conflict | ContainerRuntimeException.NotFound e) {
                    if (!container.warm() || watch.abandoned()) {
                        throw abandonedOr(watch, e);
                    }
                    // A warm sandbox that died while it waited (engine restarted, removed by hand): make one.
                    discard(container.id());
                    container = null;
                    container = create(language, source, inputs, inline, limits, labels);
                    watch.runsIn(container.id());
                    result = execute(container.id(), language, source, inputs.get(i), i, inline, limits);
                } catch (ContainerRuntimeException e) {
                    throw abandonedOr(watch, e);
                }
                if (watch.abandoned()) {
                    throw new LeaseLost(); // the run was ended for it: its result is not the program's
                }
                results.add(result);
                if (result.status() == Status.TIME_LIMIT || result.status() == Status.MEMORY_LIMIT) {
                    discard(container.id());
                    container = null;
                }
                if (!next.after(i, result)) {
                    break;
                }
            }
        } finally {
            if (container != null) {
                discard(container.id());
            }
        }
        return results;
    }

    /** A sandbox a job holds, and whether it came from the warm pool. */
    private record Held(String id, boolean warm) {
    }

    /**
     * Runs the program once on {@code stdin}: in a warm sandbox when one waits and no other job does;
     * otherwise in a container made for it whose own command is the runner (create, start attached, wait,
     * remove). With a backlog every job waits anyway, so a warm sandbox would buy no latency and cost its
     * refill.
     *
     * @param backlog whether other jobs were due when this one was claimed
     */
    RunResult run(Language language, String source, String stdin, Limits limits, ArenaLabels labels, boolean backlog,
                  Watch watch) {
        boolean inline = inlinable(source) && inlinable(stdin);
        if (!backlog && inline && pool.hasWarm(language)) {
            return run(language, source, List.of(stdin), limits, labels, watch, (i, r) -> false).getFirst();
        }
        if (watch.abandoned()) {
            throw new LeaseLost();
        }
        var spec = spec(language, limits, labels, inline ? List.of() : files(language, source, List.of(stdin)))
                .cmd(runnerCommand(language, inline).toArray(String[]::new));
        runnerEnv(language, source, stdin, 0, inline, limits).forEach(spec::env);
        String id = runtime.create(spec.build());
        watch.runsIn(id);
        try {
            Instant started = clock.instant();
            ExecResult run;
            try {
                run = runtime.run(id, Duration.ofMillis(limits.wallMs()), limits.outputBytes() + 1 + STATS_ROOM);
            } catch (ContainerRuntimeException e) {
                throw abandonedOr(watch, e);
            }
            if (watch.abandoned()) {
                throw new LeaseLost(); // the run was ended for it: its result is not the program's
            }
            return result(run, limits, started, run.timedOut() ? kill(id, started) : clock.instant());
        } finally {
            discard(id);
        }
    }

    /**
     * The spec of a sandbox that waits for its program: {@code files} delivered (none for a warm one), a
     * shell waiting for the runner on its open standard input, ended after {@link #LIFETIME} by PID 1.
     */
    static ContainerSpec waiting(Language language, long memoryBytes, long pids, ArenaLabels labels, List<ContainerFile> files,
                                 EvaluationSettings settings) {
        return sandbox(language, memoryBytes, pids, labels, files, settings).openStdin()
                .cmd("timeout", Long.toString(LIFETIME.toSeconds()), "sh", "-s").build();
    }

    /** A sandbox's spec without its command: {@code files} delivered. */
    private static ContainerSpec.Builder sandbox(Language language, long memoryBytes, long pids, ArenaLabels labels,
                                                 List<ContainerFile> files, EvaluationSettings settings) {
        var spec = ContainerSpec.builder(language.image(), labels)
                .network(ContainerSpec.NO_NETWORK)
                .memoryBytes(memoryBytes)
                .cpus(settings.cpus())
                .pidsLimit(pids)
                .tmpfs("/tmp", settings.workDirSize().toBytes());
        files.forEach(spec::file);
        return spec;
    }

    private ContainerSpec.Builder spec(Language language, Limits limits, ArenaLabels labels, List<ContainerFile> files) {
        return sandbox(language, limits.memoryBytes(), limits.pids(), labels, files, settings);
    }

    /** Inputs too large for the environment, as read-only files for {@value #FILES}. */
    private static List<ContainerFile> files(Language language, String source, List<String> inputs) {
        List<ContainerFile> files = new ArrayList<>();
        files.add(ContainerFile.text(FILES + "/" + language.fileName(), source));
        for (int i = 0; i < inputs.size(); i++) {
            files.add(ContainerFile.text(FILES + "/stdin-" + i, inputs.get(i)));
        }
        return files;
    }

    private Held acquire(Language language, String source, List<String> inputs, boolean inline, Limits limits, ArenaLabels labels) {
        if (inline) {
            var warm = pool.take(language);
            if (warm.isPresent()) {
                try {
                    fitLimits(warm.get(), limits);
                    return new Held(warm.get(), true);
                } catch (ContainerRuntimeException.NotFound e) {
                    // removed while it waited: make one
                }
            }
        }
        return create(language, source, inputs, inline, limits, labels);
    }

    private Held create(Language language, String source, List<String> inputs, boolean inline, Limits limits, ArenaLabels labels) {
        List<ContainerFile> files = inline ? List.of() : files(language, source, inputs);
        String id = runtime.create(waiting(language, limits.memoryBytes(), limits.pids(), labels, files, settings));
        try {
            runtime.start(id);
        } catch (RuntimeException e) {
            discard(id);
            throw e;
        }
        return new Held(id, false);
    }

    /** A warm sandbox has the default limits; a job that asks for others gets them before its program starts. */
    private void fitLimits(String container, Limits limits) {
        if (limits.memoryBytes() == settings.defaultMemory().toBytes() && limits.pids() == settings.defaultPids()) {
            return;
        }
        try {
            runtime.updateLimits(container, limits.memoryBytes(), limits.pids());
        } catch (RuntimeException e) {
            discard(container);
            throw e;
        }
    }

    /**
     * Feeds the runner to the sandbox's waiting shell, in a subshell so its {@code exit} ends only itself, and
     * then, on both streams, a line with its exit code after a mark that the program cannot guess: a fresh
     * random one per run.
     */
    private RunResult execute(String container, Language language, String source, String stdin, int index, boolean inline,
                              Limits limits) {
        String endMark = END_MARK + HexFormat.of().formatHex(random(8)) + " ";
        var script = new StringBuilder("(\n");
        runnerEnv(language, source, stdin, index, inline, limits).forEach((name, value) -> script.append(name).append('=')
                .append(quoted(value)).append('\n'));
        script.append("set --");
        programCommand(language, inline).forEach(arg -> script.append(' ').append(quoted(arg)));
        script.append('\n').append(RUNNER).append(")\ncode=$?\nprintf '%s%s\\n' ").append(quoted(endMark)).append(" \"$code\"\nprintf '%s%s\\n' ")
                .append(quoted(endMark)).append(" \"$code\" >&2\n");
        Instant started = clock.instant();
        ExecResult fed = runtime.feed(container, script.toString(), endMark, Duration.ofMillis(limits.wallMs()),
                limits.outputBytes() + 1 + STATS_ROOM);
        return result(ended(fed, endMark), limits, started, fed.timedOut() ? kill(container, started) : clock.instant());
    }

    /** The fed runner's result with the exit code its end lines report, and without those lines. */
    private static ExecResult ended(ExecResult fed, String endMark) {
        int out = fed.stdout().lastIndexOf(endMark);
        int err = fed.stderr().lastIndexOf(endMark);
        if (out < 0 || err < 0) {
            return fed;
        }
        String code = fed.stderr().substring(err + endMark.length()).strip();
        return new ExecResult(Integer.valueOf(code), fed.stdout().substring(0, out), fed.stderr().substring(0, err),
                fed.stdoutTruncated(), fed.stderrTruncated(), false);
    }

    private static byte[] random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
    }

    /** A shell word that stands for {@code text} exactly: single quotes, each single quote inside written {@code '\''}. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The runner and the language's command, with the program where the runner puts it. */
    private static List<String> runnerCommand(Language language, boolean inline) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", RUNNER, "arena"));
        cmd.addAll(programCommand(language, inline));
        return cmd;
    }

    /** The language's command, with the program where the runner puts it. */
    private static List<String> programCommand(Language language, boolean inline) {
        String directory = inline ? "/tmp" : FILES;
        return language.runCommand().stream().map(arg -> arg.equals(language.fileName()) ? directory + "/" + arg : arg).toList();
    }

    /** The runner's environment: the program and its input inline, or where input {@code index} was delivered. */
    private static Map<String, String> runnerEnv(Language language, String source, String stdin, int index, boolean inline, Limits limits) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ARENA_CAP", Integer.toString(limits.outputBytes() + 1));
        if (inline) {
            env.put("ARENA_INLINE", "1");
            env.put("ARENA_FILE", "/tmp/" + language.fileName());
            env.put("ARENA_SOURCE", source);
            env.put("ARENA_STDIN", stdin);
        } else {
            env.put("ARENA_INPUT", FILES + "/stdin-" + index);
        }
        return env;
    }

    /**
     * Kills a sandbox whose program ran out of time; answers when it died. The engine's stop returns only
     * after tearing the container down (~0.1 s), well after the program is dead, so the time is the
     * engine's record of the exit when it has one.
     */
    private Instant kill(String container, Instant started) {
        runtime.stop(container, Duration.ZERO);
        Instant stopped = clock.instant();
        Instant exited = runtime.inspect(container).finishedAt();
        return exited != null && exited.isAfter(started) && exited.isBefore(stopped) ? exited : stopped;
    }

    private RunResult result(ExecResult exec, Limits limits, Instant started, Instant ended) {
        int mark = exec.stderr().lastIndexOf(STATS_MARK);
        Usage usage = mark < 0 ? null : Usage.parse(exec.stderr().substring(mark + STATS_MARK.length()));
        String stderr = mark < 0 ? exec.stderr() : exec.stderr().substring(0, mark);
        byte[] out = exec.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = stderr.getBytes(StandardCharsets.UTF_8);
        boolean outCut = out.length > limits.outputBytes();
        boolean errCut = err.length > limits.outputBytes();
        Integer exit = exec.exitCode();
        if (exit != null && exit == RUNNER_FAILED && exec.stdout().isEmpty() && usage == null) {
            throw new ContainerRuntimeException.EngineError("the sandbox's runner failed: " + stderr.strip(), new IllegalStateException());
        }
        Status status;
        if (exec.timedOut()) {
            status = Status.TIME_LIMIT;
        } else if (usage != null ? usage.oomKills() > 0 : exit != null && exit == KILLED) {
            // Without the runner's figures (the OOM killer took the runner too), SIGKILL can only be the kernel's.
            status = Status.MEMORY_LIMIT;
        } else if (outCut || errCut) {
            status = Status.OUTPUT_LIMIT;
        } else {
            status = exit != null && exit == 0 ? Status.COMPLETED : Status.RUNTIME_ERROR;
        }
        return new RunResult(status, exit, cut(out, limits.outputBytes()), cut(err, limits.outputBytes()), outCut, errCut,
                Duration.between(started, ended).toMillis(), usage == null ? null : usage.cpuMs(),
                usage == null ? null : usage.memoryPeak(), started, ended);
    }

    private static boolean inlinable(String text) {
        return text.indexOf('\0') < 0
                && (text.length() <= MAX_INLINE_BYTES / 3 || text.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_BYTES);
    }

    /** The first {@code max} bytes as text, dropping a character the cut split. */
    private static String cut(byte[] bytes, int max) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(Math.min(bytes.length, max));
        decoder.decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, max)), chars, true);
        return chars.flip().toString();
    }

    /** The engine's failure, or {@link LeaseLost} when the job was given up: the run failed because it was ended for that. */
    private static RuntimeException abandonedOr(Watch watch, ContainerRuntimeException e) {
        return watch.abandoned() ? new LeaseLost() : e;
    }

    /**
     * Removes a sandbox in the background, killing what runs in it: a used one, or one whose job was given up;
     * labels let the sweeper find one whose removal failed.
     */
    void discard(String id) {
        Thread.ofVirtual().name("sandbox-removal").start(() -> {
            try {
                runtime.remove(id);
            } catch (ContainerRuntimeException e) {
                // left to the sweeper
            }
        });
    }

    /** The worker lost its lease while the program ran: another worker owns the job now. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
