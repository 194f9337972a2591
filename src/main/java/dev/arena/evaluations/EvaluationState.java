package dev.arena.evaluations;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation as a person following it sees it: where it is, and once {@code finished}, how its program
 * ended ({@code completed}, {@code time_limit}, {@code memory_limit}, {@code output_limit},
 * {@code runtime_error}, {@code internal_error} or {@code cancelled}) with its output.
 */
public record EvaluationState(String id, String projectId, String language, String status, boolean finished,
                              @Nullable Integer exitCode, @Nullable String stdout, @Nullable String stderr,
                              boolean stdoutTruncated, boolean stderrTruncated, @Nullable Long wallTimeMs,
                              @Nullable Long cpuTimeMs, @Nullable Long memoryPeakBytes, int attempts,
                              @Nullable String error, Instant queuedAt, @Nullable Instant finishedAt) {
}
