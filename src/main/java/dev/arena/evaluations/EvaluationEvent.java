package dev.arena.evaluations;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened to an evaluation, published in the transaction that wrote it (Spring Modulith's event
 * publication registry delivers it to {@code @ApplicationModuleListener}s after the commit, at least once:
 * listeners must be idempotent). The threat pipeline consumes these to spot abuse such as memory bombs.
 */
public sealed interface EvaluationEvent {

    /**
     * An evaluation got its final status: a program's result, {@code internal_error} after its last
     * attempt, or {@code cancelled}.
     *
     * @param projectId       the project it ran in
     * @param evaluationId    the evaluation
     * @param submitterUserId the user who submitted it; null when an API client did
     * @param language        its language, e.g. {@code python3}
     * @param status          its final status as the API names it, e.g. {@code memory_limit}
     * @param at              when the status was written
     */
    record EvaluationFinished(long projectId, long evaluationId, @Nullable Long submitterUserId, String language, String status,
                              Instant at) implements EvaluationEvent {
    }
}
