package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationQueue;
import dev.arena.evaluations.QueueSnapshot;
import dev.arena.identity.ArenaPrincipal;
import io.swagger.v3.oas.annotations.tags.Tag;
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

    private final EvaluationQueue queue;

    QueueController(EvaluationQueue queue) {
        this.queue = queue;
    }

    @GetMapping("/v1/evaluations/queue")
    QueueSnapshot queue(@AuthenticationPrincipal ArenaPrincipal caller) {
        return queue.snapshot(caller);
    }
}
