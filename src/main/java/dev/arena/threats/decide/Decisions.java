package dev.arena.threats.decide;

import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.respond.Responder;
import dev.arena.threats.respond.ResponseTaken;
import dev.arena.threats.respond.SessionVerdict;
import dev.arena.threats.score.AnomalyScorer;
import dev.arena.threats.score.Score;
import dev.arena.threats.score.SessionFeatures;
import dev.arena.threats.session.SessionListener;
import dev.arena.threats.session.SessionUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scores and answers every session the pipeline updated, on the pipeline's decision thread (while its other
 * threads sessionize the next batch and store this one):
 * <ol>
 *   <li>each update is scored by its project's model ({@link AnomalyScorer}, in memory);</li>
 *   <li>the {@link Responder} decides on each (in memory unless a policy newly matches);</li>
 *   <li>once the batch is stored, on the store thread: its scores and drivers are written with one JDBC batch
 *       ({@link SessionScores}), and a session some policy just responded to gets an analysis requested in the
 *       background ({@link SessionAnalyses}, which reads the stored session); the pipeline never waits for it.</li>
 * </ol>
 * A source that is not an IP address (Arena's own {@code user-<id>} sources) is decided on like any other:
 * {@code block-ip} does not apply to it (the responder skips it), {@code stop-instance} applies through the
 * session's offending user and {@code alert} names the source as it is. Sessions of Arena's own scope
 * ({@link Inbox#ARENA_SCOPE}, failed logins and rate limits of no project) are answered like a project's, by
 * its policies: a block there refuses an address that keeps failing to sign in to Arena.
 */
@Component("threatDecisions")
class Decisions implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(Decisions.class);

    private final AnomalyScorer scorer;
    private final SessionScores scores;
    private final Responder responder;
    private final SessionAnalyses analyses;

    Decisions(AnomalyScorer scorer, SessionScores scores, Responder responder, SessionAnalyses analyses) {
        this.scorer = scorer;
        this.scores = scores;
        this.responder = responder;
        this.analyses = analyses;
    }

    @Override
    public void sessionsUpdated(List<SessionUpdate> updates, Consumer<Runnable> onceStored) {
        List<Score> scored = new ArrayList<>(updates.size());
        for (SessionUpdate update : updates) {
            scored.add(scorer.score(update.projectId(), features(update)));
        }
        List<SessionUpdate> answered = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            SessionUpdate update = updates.get(i);
            List<ResponseTaken> taken = responder.decide(new SessionVerdict(update.projectId(), update.sessionId(), update.source(),
                    update.techniques(), scored.get(i), update.offenderUserId(), update.at()));
            if (!taken.isEmpty()) {
                answered.add(update);
            }
        }
        onceStored.accept(() -> {
            try {
                scores.save(updates, scored);
            } catch (RuntimeException e) {
                // The decisions did not need the stored score; the next update of each session stores it again.
                log.warn("Could not store the scores of {} threat sessions: {}", updates.size(), e.toString());
            }
            answered.forEach(update -> analyses.request(update.projectId(), update.sessionId()));
        });
    }

    static SessionFeatures features(SessionUpdate u) {
        return new SessionFeatures(u.eventsPerMinute(), u.distinctUsernames(), u.distinctPasswords(), u.distinctCommands(),
                u.failureRatio(), u.newCountry(), u.downloads(), u.durationSeconds());
    }
}
