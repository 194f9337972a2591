package dev.arena.evaluations.internal;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on one test: {@code accepted}, {@code wrong_answer}, the run's failure status, or
 * {@code skipped} after an earlier failure when the submission asked to stop at the first.
 */
record TestResult(String verdict, @Nullable String status, @Nullable Integer exitCode, @Nullable String stdout,
                  @Nullable String stderr, @Nullable Long wallTimeMs, @Nullable Long cpuTimeMs,
                  @Nullable Long memoryPeakBytes) {

    static TestResult skipped() {
        return new TestResult("skipped", null, null, null, null, null, null, null);
    }
}
