package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationQueue;
import dev.arena.evaluations.EvaluationState;
import dev.arena.evaluations.ProjectEvaluations;
import dev.arena.evaluations.QueueSnapshot;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operations the HTTP routes and the console share: access first, then the queue. Retry, cancel and
 * the queue snapshot live only here; the controllers call them.
 */
@Service
class EvaluationOperations implements ProjectEvaluations, EvaluationQueue {

    private static final int DEAD_LETTERS_SHOWN = 20;

    private final Submissions submissions;
    private final Evaluations evaluations;
    private final ProjectAccess access;
    private final Operators operators;
    private final Signals signals;
    private final Workers workers;
    private final WarmPool pool;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    EvaluationOperations(Submissions submissions, Evaluations evaluations, ProjectAccess access, Operators operators, Signals signals,
                         Workers workers, WarmPool pool, Clock clock, TransactionTemplate transactions,
                         ApplicationEventPublisher events) {
        this.submissions = submissions;
        this.evaluations = evaluations;
        this.access = access;
        this.operators = operators;
        this.signals = signals;
        this.workers = workers;
        this.pool = pool;
        this.clock = clock;
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public EvaluationState submit(ArenaPrincipal caller, long projectId, String language, String source, @Nullable String stdin) {
        access.require(caller, projectId, ProjectRole.READER);
        Submission checked = submissions.check(language, source, stdin, null, List.of(), false, null, null, "");
        return state(submitted(caller, projectId, checked));
    }

    @Override
    public EvaluationState get(ArenaPrincipal caller, long projectId, long evaluationId) {
        return state(visible(caller, projectId, evaluationId));
    }

    @Override
    public List<EvaluationState> recent(ArenaPrincipal caller, long projectId, @Nullable String status, int limit) {
        return listed(caller, projectId, status, Long.MAX_VALUE, limit).stream().map(EvaluationOperations::state).toList();
    }

    /**
     * Queues a checked submission for a project's reader or above, once per its idempotency key.
     *
     * @throws IdempotencyKeyTaken when a reader's key names an evaluation another submitter queued
     */
    Evaluation submitted(ArenaPrincipal caller, long projectId, Submission checked) {
        String onlyOwn = onlyOwn(caller, projectId);
        return owned(onlyOwn, List.of(submissions.submit(projectId, submitter(caller), checked))).getFirst();
    }

    /**
     * Queues checked submissions as one batch for a project's reader or above, once per batch key.
     *
     * @throws IdempotencyKeyTaken when a reader's key names evaluations another submitter queued
     */
    List<Evaluation> submittedAll(ArenaPrincipal caller, long projectId, List<Submission> checked, @Nullable String key) {
        String onlyOwn = onlyOwn(caller, projectId);
        return owned(onlyOwn, submissions.submitAll(projectId, submitter(caller), checked, key));
    }

    /** The evaluations an idempotent submission answered with, if they are the caller's to see. */
    private static List<Evaluation> owned(@Nullable String onlyOwn, List<Evaluation> queued) {
        if (onlyOwn != null && queued.stream().anyMatch(e -> !onlyOwn.equals(e.submittedBy()))) {
            throw new IdempotencyKeyTaken();
        }
        return queued;
    }

    /** One evaluation the caller may see: any of the project's for writers and up, their own for readers (else a 404). */
    Evaluation visible(ArenaPrincipal caller, long projectId, long evaluationId) {
        String onlyOwn = onlyOwn(caller, projectId);
        Evaluation found = find(projectId, evaluationId);
        if (onlyOwn != null && !onlyOwn.equals(found.submittedBy())) {
            throw new ResourceNotFound("evaluation");
        }
        return found;
    }

    /** The evaluations the caller may see, newest first, below a cursor id; a null status means any. */
    List<Evaluation> listed(ArenaPrincipal caller, long projectId, @Nullable String status, long before, int limit) {
        String onlyOwn = onlyOwn(caller, projectId);
        Status only = status == null ? null : parseStatus(status);
        return evaluations.list(projectId, onlyOwn, only, before, limit);
    }

    /**
     * Whose evaluations alone the caller sees: null for writers and up (all of the project's), else the
     * caller as submitter — a player sees their own programs, never another player's.
     */
    private @Nullable String onlyOwn(ArenaPrincipal caller, long projectId) {
        return access.require(caller, projectId, ProjectRole.READER).atLeast(ProjectRole.WRITER) ? null : submitter(caller);
    }

    @Override
    public EvaluationState retry(ArenaPrincipal caller, long projectId, long evaluationId) {
        return state(retried(caller, projectId, evaluationId));
    }

    @Override
    public EvaluationState cancel(ArenaPrincipal caller, long projectId, long evaluationId) {
        return state(cancelled(caller, projectId, evaluationId));
    }

    /** Queues a dead-lettered evaluation again, with fresh attempts; the evaluation as it is now. */
    Evaluation retried(ArenaPrincipal caller, long projectId, long evaluationId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        long id = find(projectId, evaluationId).id();
        if (!evaluations.requeue(projectId, id, Instant.now(clock))) {
            throw new NotRetryable(id);
        }
        signals.workQueued(1);
        return find(projectId, id);
    }

    /** Cancels a queued evaluation the caller may see; the evaluation as it is now. */
    Evaluation cancelled(ArenaPrincipal caller, long projectId, long evaluationId) {
        Evaluation found = visible(caller, projectId, evaluationId);
        Instant now = Instant.now(clock);
        boolean cancelled = Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean done = evaluations.cancel(projectId, found.id(), now);
            if (done) {
                events.publishEvent(Finishing.event(found, Status.CANCELLED, now));
            }
            return done;
        }));
        Evaluation after = find(projectId, found.id());
        if (!cancelled) {
            throw new NotCancellable(found.id(), after.status());
        }
        signals.changed(found.id());
        signals.callbackDue();
        return after;
    }

    @Override
    public QueueSnapshot snapshot(ArenaPrincipal caller) {
        if (!operators.isOperator(caller)) {
            throw new IdentityProblem.RoleRequired("operator");
        }
        var depth = evaluations.depth();
        Instant oldest = depth.stream().filter(d -> d.status() == Status.QUEUED).map(Evaluations.Depth::oldestQueuedAt)
                .min(Instant::compareTo).orElse(null);
        return new QueueSnapshot(
                depth.stream().map(d -> new QueueSnapshot.Depth(d.status().wireName(), d.language(), d.count())).toList(),
                count(depth, Status.QUEUED), count(depth, Status.RUNNING), workers.runningHere(),
                oldest == null ? null : Duration.between(oldest, clock.instant()).toMillis(),
                pool.sizes(),
                evaluations.deadLetters(DEAD_LETTERS_SHOWN).stream().map(e -> new QueueSnapshot.DeadLetter(Long.toString(e.id()),
                        Long.toString(e.projectId()), e.language(), e.attempts(), e.error(), e.finishedAt())).toList());
    }

    /** Who submits: {@code user:<id>}, or {@code client:<id>} for an API client's token. */
    static String submitter(ArenaPrincipal caller) {
        return switch (caller) {
            case ArenaPrincipal.UserSession s -> "user:" + s.userId();
            case ArenaPrincipal.ProjectToken t -> t.userId() != null ? "user:" + t.userId() : "client:" + t.clientId();
        };
    }

    /** A status filter. @throws InvalidSubmission naming {@code status} for an unknown one */
    static Status parseStatus(String status) {
        try {
            return Status.fromWire(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubmission("status", "Unknown status '" + status + "'.");
        }
    }

    private Evaluation find(long projectId, long evaluationId) {
        return evaluations.find(projectId, evaluationId).orElseThrow(() -> new ResourceNotFound("evaluation"));
    }

    private static long count(List<Evaluations.Depth> depth, Status status) {
        return depth.stream().filter(d -> d.status() == status).mapToLong(Evaluations.Depth::count).sum();
    }

    private static EvaluationState state(Evaluation e) {
        return new EvaluationState(Long.toString(e.id()), Long.toString(e.projectId()), e.language(), e.status().wireName(),
                e.status().terminal(), e.exitCode(), e.stdout(), e.stderr(), e.stdoutTruncated(), e.stderrTruncated(), e.wallMs(),
                e.cpuMs(), e.memoryPeak(), e.attempts(), e.error(), e.queuedAt(), e.finishedAt());
    }
}
