package dev.arena.threats.score;

/** Scores sessions against what is usual for their project, learning as it goes. Thread-safe. */
public interface AnomalyScorer {

    /**
     * Scores a session's features against the project's model, then adds them to it, so the model follows
     * the project's traffic. Never blocks on I/O.
     */
    Score score(long projectId, SessionFeatures features);
}
