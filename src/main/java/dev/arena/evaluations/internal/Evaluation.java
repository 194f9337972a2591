package dev.arena.evaluations.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation as stored: the submission, where it is in the queue, and its result once it has one.
 * {@code tests} and {@code testResults} are empty when the submission had no tests.
 */
record Evaluation(long id, long projectId, String submittedBy, @Nullable String idempotencyKey, String language,
                  String source, String stdin, List<TestCase> tests, boolean stopOnFailure, @Nullable String callbackUrl,
                  Limits limits, Status status, long fence, int attempts, Instant queuedAt, @Nullable Instant startedAt,
                  @Nullable Instant finishedAt, @Nullable Integer exitCode, @Nullable String stdout, @Nullable String stderr,
                  boolean stdoutTruncated, boolean stderrTruncated, @Nullable Long wallMs, @Nullable Long cpuMs, @Nullable Long memoryPeak,
                  List<TestResult> testResults, @Nullable String error) {
}
