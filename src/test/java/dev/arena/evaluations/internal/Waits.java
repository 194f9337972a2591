package dev.arena.evaluations.internal;

import java.time.Duration;
import java.util.function.Predicate;

/** Waiting, in tests, for an evaluation to reach a status, reading the queue's table as a worker would. */
final class Waits {

    private Waits() {
    }

    /** The evaluation once it has ended (a terminal status); fails when it has not within {@code within}. */
    static Evaluation ended(Evaluations evaluations, long id, Duration within) throws InterruptedException {
        return reached(evaluations, id, within, "ended", e -> e.status().terminal());
    }

    /** The evaluation once a worker runs it; fails when none has within {@code within}. */
    static Evaluation running(Evaluations evaluations, long id, Duration within) throws InterruptedException {
        return reached(evaluations, id, within, "ran", e -> e.status() == Status.RUNNING);
    }

    private static Evaluation reached(Evaluations evaluations, long id, Duration within, String what,
                                      Predicate<Evaluation> reached) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            var seen = evaluations.find(id).orElseThrow();
            if (reached.test(seen)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("evaluation " + id + " never " + what + " within " + within.toSeconds() + " s: " + seen.status());
            }
            Thread.sleep(20);
        }
    }
}
