package dev.arena.evaluations;

import dev.arena.identity.ArenaPrincipal;

/** The operator-wide view of the evaluation queue. */
public interface EvaluationQueue {

    /**
     * Now's queue.
     *
     * @throws dev.arena.identity.IdentityProblem.RoleRequired naming "operator" for anyone but Arena's operators
     */
    QueueSnapshot snapshot(ArenaPrincipal caller);
}
