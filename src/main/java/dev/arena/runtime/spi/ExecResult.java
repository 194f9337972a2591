package dev.arena.runtime.spi;

import org.jspecify.annotations.Nullable;

/**
 * How a process run inside a container ended, or that it had not ended when its time was up.
 *
 * @param exitCode        its exit code; null when it timed out or was not asked for ({@link ExecSpec#awaitExitCode()})
 * @param stdout          what it wrote to standard output, at most the output limit, decoded as UTF-8
 * @param stderr          what it wrote to standard error, likewise
 * @param stdoutTruncated whether it wrote more to stdout than was kept
 * @param stderrTruncated whether it wrote more to stderr than was kept
 * @param timedOut        whether it was still running at its timeout (it may still be)
 */
public record ExecResult(@Nullable Integer exitCode, String stdout, String stderr, boolean stdoutTruncated,
                         boolean stderrTruncated, boolean timedOut) {
}
