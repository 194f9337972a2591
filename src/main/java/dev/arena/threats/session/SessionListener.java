package dev.arena.threats.session;

import java.util.List;
import java.util.function.Consumer;

/**
 * The seam after sessionizing: the pipeline calls every listener bean, on its decision thread (one thread,
 * so a session's updates arrive in order), with each session a batch updated, once. Scoring
 * ({@code AnomalyScorer}) and deciding ({@code Responder}) plug in here; the time until they return counts in
 * the {@code arena.threats.decision} timer (ingest to decision).
 *
 * <p>The sessions are decided on before their rows are written: what needs the rows (a score written into
 * them, an analysis that reads them) is handed to {@code onceStored}, and runs on the store thread after the
 * batch's commit, in batch order. When a batch is never stored (its partition went to another node) its
 * actions run anyway and find no rows, or older ones; the events are decided on again by whoever stores them.
 * A listener must be quick and must not throw: what it throws is logged and the pipeline goes on.
 */
public interface SessionListener {

    void sessionsUpdated(List<SessionUpdate> updates, Consumer<Runnable> onceStored);
}
