package dev.arena.evaluations.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How one run of a program in a sandbox ended.
 *
 * @param status          completed, time_limit, memory_limit, output_limit or runtime_error
 * @param exitCode        the program's exit code, null when Arena killed it
 * @param stdout          standard output, at most the output limit
 * @param stderr          standard error, at most the output limit
 * @param stdoutTruncated whether the program wrote more to stdout than was kept
 * @param stderrTruncated whether it wrote more to stderr than was kept
 * @param wallMs          wall time from start to exit, in milliseconds
 * @param cpuMs           CPU time the program used, in milliseconds; null when not known (killed at its limit)
 * @param memoryPeak      the sandbox's peak memory, in bytes; null when not known
 * @param startedAt       when the program started
 * @param finishedAt      when it ended
 */
record RunResult(Status status, @Nullable Integer exitCode, String stdout, String stderr, boolean stdoutTruncated,
                 boolean stderrTruncated, long wallMs, @Nullable Long cpuMs, @Nullable Long memoryPeak, Instant startedAt,
                 Instant finishedAt) {
}
