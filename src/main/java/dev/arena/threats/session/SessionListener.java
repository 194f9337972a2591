package dev.arena.threats.session;

import java.util.List;

/**
 * The seam after sessionizing: the pipeline calls every listener bean, on its decision thread (one thread,
 * so a session's updates arrive in order), after a batch of sessions was stored, with each session updated by the batch once. Scoring ({@code AnomalyScorer})
 * and deciding ({@code Responder}) plug in here; the time until they return counts in the
 * {@code arena.threats.decision} timer (ingest to decision). A listener must be quick and must not throw:
 * what it throws is logged and the pipeline goes on.
 */
public interface SessionListener {

    void sessionsUpdated(List<SessionUpdate> updates);
}
