package dev.arena.evaluations;

import dev.arena.identity.ArenaPrincipal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A project's evaluations for people in a browser: the same checks, queue and access rules as
 * {@code /v1/projects/{projectId}/evaluations}. Readers (players) submit programs and see only their own
 * evaluations — another's is a {@link dev.arena.platform.ResourceNotFound} — writers and up see all of the project's. Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, those below the role an operation needs
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}; refusals are the module's problems.
 */
public interface ProjectEvaluations {

    /** Queues a program with the default limits (readers). Out-of-range values are a 422 naming the field. */
    EvaluationState submit(ArenaPrincipal caller, long projectId, String language, String source, @Nullable String stdin);

    /** One evaluation of the project the caller may see. */
    EvaluationState get(ArenaPrincipal caller, long projectId, long evaluationId);

    /** The latest evaluations the caller may see, newest first, at most {@code limit}; a null status means any. */
    List<EvaluationState> recent(ArenaPrincipal caller, long projectId, @Nullable String status, int limit);

    /** Queues a dead-lettered ({@code internal_error}) evaluation again (managers); any other is a 409. */
    EvaluationState retry(ArenaPrincipal caller, long projectId, long evaluationId);

    /** Cancels a queued evaluation the caller may see; one already running or finished is a 409. */
    EvaluationState cancel(ArenaPrincipal caller, long projectId, long evaluationId);
}
