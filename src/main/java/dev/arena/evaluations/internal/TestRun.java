package dev.arena.evaluations.internal;

import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program once per test, all in one single-use sandbox (a fresh one after a run that ended its
 * container at a limit), and judges each output; with {@code stopOnFirstFailure} the tests after the first
 * failure are {@code skipped}. The job's
 * status is the first failing run's, else {@code completed}; its stdout and stderr are the last run's.
 */
final class TestRun {

    private final Sandbox sandbox;
    private final Language language;
    private final Evaluation job;
    private final ArenaLabels labels;
    private final Sandbox.Watch watch;

    TestRun(Sandbox sandbox, Language language, Evaluation job, ArenaLabels labels, Sandbox.Watch watch) {
        this.sandbox = sandbox;
        this.language = language;
        this.job = job;
        this.labels = labels;
        this.watch = watch;
    }

    Outcome run() {
        List<TestCase> tests = job.tests();
        List<RunResult> runs = sandbox.run(language, job.source(), tests.stream().map(TestCase::stdin).toList(), job.limits(),
                labels, watch, (i, run) -> !job.stopOnFailure() || verdict(run, tests.get(i)).equals("accepted"));
        List<TestResult> verdicts = new ArrayList<>();
        RunResult decisive = null;
        for (int i = 0; i < tests.size(); i++) {
            if (i >= runs.size()) {
                verdicts.add(TestResult.skipped());
                continue;
            }
            RunResult run = runs.get(i);
            String verdict = verdict(run, tests.get(i));
            verdicts.add(new TestResult(verdict, run.status().wireName(), run.exitCode(), run.stdout(), run.stderr(), run.wallMs(),
                    run.cpuMs(), run.memoryPeak()));
            if (decisive == null && !verdict.equals("accepted")) {
                decisive = run;
            }
        }
        RunResult shown = decisive != null && decisive.status() != Status.COMPLETED ? decisive : runs.getLast();
        return new Outcome(shown, verdicts);
    }

    static String verdict(RunResult run, TestCase test) {
        if (run.status() != Status.COMPLETED) {
            return run.status().wireName();
        }
        return run.stdout().stripTrailing().equals(test.expectedOutput().stripTrailing()) ? "accepted" : "wrong_answer";
    }
}
