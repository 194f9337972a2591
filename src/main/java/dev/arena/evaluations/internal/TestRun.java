package dev.arena.evaluations.internal;

import dev.arena.evaluations.Language;
import dev.arena.runtime.spi.ArenaLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a program once per test, each in its own single-use sandbox, and judges each output. The job's
 * status is the first failing run's, else {@code completed}; its stdout and stderr are the last run's.
 */
final class TestRun {

    private final Sandbox sandbox;
    private final Language language;
    private final Evaluation job;
    private final ArenaLabels labels;
    private final BooleanSupplier abandon;

    TestRun(Sandbox sandbox, Language language, Evaluation job, ArenaLabels labels, BooleanSupplier abandon) {
        this.sandbox = sandbox;
        this.language = language;
        this.job = job;
        this.labels = labels;
        this.abandon = abandon;
    }

    Outcome run() throws InterruptedException {
        List<TestResult> verdicts = new ArrayList<>();
        RunResult decisive = null;
        RunResult last = null;
        for (TestCase test : job.tests()) {
            if (decisive != null && job.stopOnFailure()) {
                verdicts.add(TestResult.skipped());
                continue;
            }
            last = sandbox.run(language, job.source(), test.stdin(), job.limits(), labels, abandon);
            String verdict = verdict(last, test);
            verdicts.add(new TestResult(verdict, last.status().wireName(), last.exitCode(), last.stdout(), last.stderr(), last.wallMs()));
            if (decisive == null && !verdict.equals("accepted")) {
                decisive = last;
            }
        }
        RunResult shown = decisive != null && decisive.status() != Status.COMPLETED ? decisive : last;
        return new Outcome(shown, verdicts);
    }

    static String verdict(RunResult run, TestCase test) {
        if (run.status() != Status.COMPLETED) {
            return run.status().wireName();
        }
        return run.stdout().stripTrailing().equals(test.expectedOutput().stripTrailing()) ? "accepted" : "wrong_answer";
    }
}
