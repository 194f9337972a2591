package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The event that says an evaluation got its final status. */
final class Finishing {

    private static final String USER = "user:";

    private Finishing() {
    }

    static EvaluationEvent.EvaluationFinished event(Evaluation job, Status status, Instant at) {
        return new EvaluationEvent.EvaluationFinished(job.projectId(), job.id(), userOf(job.submittedBy()), job.language(),
                status.wireName(), at);
    }

    /** The user id in a submitter such as {@code user:42}; null for an API client ({@code client:7}). */
    private static @Nullable Long userOf(String submittedBy) {
        return submittedBy.startsWith(USER) ? Long.valueOf(submittedBy.substring(USER.length())) : null;
    }
}
