package dev.arena.evaluations.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/evaluations/queue}: the queue of every project at a glance, for Arena's operators (what
 * Celery's Flower showed in the seed). Anyone else gets 403 {@code role-required} naming "operator".
 */
@RestController
@Tag(name = "Evaluations")
class QueueController {

    private static final int DEAD_LETTERS_SHOWN = 20;

    private final Evaluations evaluations;
    private final Workers workers;
    private final WarmPool pool;
    private final Operators operators;
    private final Clock clock;

    QueueController(Evaluations evaluations, Workers workers, WarmPool pool, Operators operators, Clock clock) {
        this.evaluations = evaluations;
        this.workers = workers;
        this.pool = pool;
        this.operators = operators;
        this.clock = clock;
    }

    /** Queued or running jobs of one language. */
    record DepthView(String status, String language, long count) {
    }

    /** A dead-lettered job, enough to find it and retry it in its project. */
    record DeadLetterView(String id, String projectId, String language, int attempts, @Nullable String error,
                          @Nullable Instant finishedAt) {
    }

    /**
     * @param depth            queued and running jobs by status and language
     * @param queued           jobs waiting, in all
     * @param running          jobs running on any node
     * @param runningHere      jobs running on this node
     * @param oldestQueuedAgeMs how long the oldest waiting job has waited, null when none waits
     * @param warmPool         idle warm sandboxes on this node, per language
     * @param deadLetters      the latest dead-lettered jobs, newest first
     */
    record QueueView(List<DepthView> depth, long queued, long running, int runningHere, @Nullable Long oldestQueuedAgeMs,
                     Map<String, Integer> warmPool, List<DeadLetterView> deadLetters) {
    }

    @GetMapping("/v1/evaluations/queue")
    QueueView queue(@AuthenticationPrincipal ArenaPrincipal caller) {
        if (!operators.isOperator(caller)) {
            throw new IdentityProblem.RoleRequired("operator");
        }
        var depth = evaluations.depth();
        Instant oldest = depth.stream().filter(d -> d.status() == Status.QUEUED).map(Evaluations.Depth::oldestQueuedAt)
                .min(Instant::compareTo).orElse(null);
        return new QueueView(
                depth.stream().map(d -> new DepthView(d.status().wireName(), d.language(), d.count())).toList(),
                count(depth, Status.QUEUED), count(depth, Status.RUNNING), workers.runningHere(),
                oldest == null ? null : Duration.between(oldest, clock.instant()).toMillis(),
                pool.sizes(),
                evaluations.deadLetters(DEAD_LETTERS_SHOWN).stream().map(e -> new DeadLetterView(Long.toString(e.id()),
                        Long.toString(e.projectId()), e.language(), e.attempts(), e.error(), e.finishedAt())).toList());
    }

    private static long count(List<Evaluations.Depth> depth, Status status) {
        return depth.stream().filter(d -> d.status() == status).mapToLong(Evaluations.Depth::count).sum();
    }
}
