package dev.arena.runtime.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A process to run inside a running container, with a time limit and a bound on the output kept.
 *
 * @param cmd         the command, not empty
 * @param env         environment variables added to the container's
 * @param user        the user (and group) to run as, {@code uid[:gid]} or a name in the image
 * @param workDir     the working directory, absolute
 * @param timeout     how long to wait for the process to end; past it the call returns with
 *                    {@link ExecResult#timedOut()} and the process keeps running (kill the container to end it)
 * @param outputLimit bytes kept of stdout and of stderr each; more is dropped and flagged
 * @param awaitExitCode whether to ask the engine for the exit code once the output ends (one more engine
 *                    call); without it {@link ExecResult#exitCode()} is null, for a caller that tells
 *                    success by what the process wrote
 */
public record ExecSpec(List<String> cmd, Map<String, String> env, String user, String workDir, Duration timeout, int outputLimit,
                       boolean awaitExitCode) {

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ExecSpec {
        cmd = List.copyOf(cmd);
        require(!cmd.isEmpty(), "a command is required");
        env = Map.copyOf(env);
        env.keySet().forEach(key -> require(ENV_KEY.matcher(key).matches(), "environment variable name " + key + " is invalid"));
        require(workDir.startsWith("/"), "the working directory must be absolute, was " + workDir);
        require(timeout.isPositive(), "the timeout must be positive, was " + timeout);
        require(outputLimit >= 0, "the output limit must not be negative, was " + outputLimit);
    }

    /** A process whose exit code is asked for. */
    public ExecSpec(List<String> cmd, Map<String, String> env, String user, String workDir, Duration timeout, int outputLimit) {
        this(cmd, env, user, workDir, timeout, outputLimit, true);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
