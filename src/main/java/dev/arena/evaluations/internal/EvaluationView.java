package dev.arena.evaluations.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation as the API shows it. {@code verdict} is set when the submission had tests: {@code accepted}
 * when every test was, else the first failing test's verdict. CPU time and peak memory come from the
 * sandbox's cgroup; they are null when the kernel does not offer them or the run was killed at a limit.
 */
record EvaluationView(String id, String projectId, String language, String status, @Nullable String verdict,
                      @Nullable Integer exitCode, @Nullable String stdout, @Nullable String stderr, boolean stdoutTruncated,
                      boolean stderrTruncated, @Nullable Long wallTimeMs, @Nullable Long cpuTimeMs, @Nullable Long memoryPeakBytes,
                      LimitsView limits, List<TestResult> tests, int attempts, @Nullable String error, Instant queuedAt,
                      @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    record LimitsView(long wallTimeMs, long memoryMb, int pids, int outputBytes) {
    }

    static EvaluationView of(Evaluation e) {
        String verdict = null;
        if (!e.testResults().isEmpty()) {
            verdict = e.testResults().stream().map(TestResult::verdict).filter(v -> !v.equals("accepted") && !v.equals("skipped"))
                    .findFirst().orElse("accepted");
        }
        Limits l = e.limits();
        return new EvaluationView(Long.toString(e.id()), Long.toString(e.projectId()), e.language(), e.status().wireName(), verdict,
                e.exitCode(), e.stdout(), e.stderr(), e.stdoutTruncated(), e.stderrTruncated(), e.wallMs(), e.cpuMs(), e.memoryPeak(),
                new LimitsView(l.wallMs(), l.memoryBytes() >> 20, l.pids(), l.outputBytes()), e.testResults(), e.attempts(),
                e.error(), e.queuedAt(), e.startedAt(), e.finishedAt());
    }
}
