package dev.arena.evaluations;

import dev.arena.identity.ArenaPrincipal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A project's evaluations for people in a browser: the same checks, queue and access rules as
 * {@code /v1/projects/{projectId}/evaluations}. Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, those below the role an operation needs
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}; refusals are the module's problems.
 */
public interface ProjectEvaluations {

    /** Queues a program with the default limits (writers). Out-of-range values are a 422 naming the field. */
    EvaluationState submit(ArenaPrincipal caller, long projectId, String language, String source, @Nullable String stdin);

    /** One evaluation of the project (readers). */
    EvaluationState get(ArenaPrincipal caller, long projectId, long evaluationId);

    /** The project's latest evaluations, newest first, at most {@code limit} (readers); a null status means any. */
    List<EvaluationState> recent(ArenaPrincipal caller, long projectId, @Nullable String status, int limit);

    /** Queues a dead-lettered ({@code internal_error}) evaluation again (managers); any other is a 409. */
    EvaluationState retry(ArenaPrincipal caller, long projectId, long evaluationId);

    /** Cancels a queued evaluation (writers); one already running or finished is a 409. */
    EvaluationState cancel(ArenaPrincipal caller, long projectId, long evaluationId);
}
