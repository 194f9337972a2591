package dev.arena.evaluations.internal;

import java.util.List;

/** What running one job produced: the run that decides its status, and a verdict per test if it had tests. */
record Outcome(RunResult run, List<TestResult> tests) {
}
