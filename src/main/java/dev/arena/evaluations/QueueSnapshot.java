package dev.arena.evaluations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The queue of every project at a glance, for Arena's operators; also the body of {@code GET /v1/evaluations/queue}.
 *
 * @param depth             queued and running jobs by status and language
 * @param queued            jobs waiting, in all
 * @param running           jobs running on any node
 * @param runningHere       jobs running on this node
 * @param oldestQueuedAgeMs how long the oldest waiting job has waited, null when none waits
 * @param warmPool          idle warm sandboxes on this node, per language
 * @param deadLetters       the latest dead-lettered jobs, newest first
 */
public record QueueSnapshot(List<Depth> depth, long queued, long running, int runningHere, @Nullable Long oldestQueuedAgeMs,
                            Map<String, Integer> warmPool, List<DeadLetter> deadLetters) {

    /** Queued or running jobs of one language. */
    public record Depth(String status, String language, long count) {
    }

    /** A dead-lettered job, enough to find it and retry it in its project. */
    public record DeadLetter(String id, String projectId, String language, int attempts, @Nullable String error,
                             @Nullable Instant finishedAt) {
    }
}
