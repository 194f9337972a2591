package dev.arena.threats.explain;

import java.util.concurrent.CompletableFuture;

/** Explains attacker sessions. */
public interface Analyst {

    /**
     * An analysis of the session as it is now. Never blocks the caller and never fails: when no model is
     * configured, or it is slow, busy, failing or answers nonsense, the future completes with the rule-based
     * summary (within the configured timeout).
     */
    CompletableFuture<Analysis> explain(SessionDigest digest);

    /** The deterministic rule-based summary of the session, at once; its signature is the session's current one. */
    static Analysis ruleBased(SessionDigest digest) {
        return RuleSummary.of(digest);
    }

    /** Whether a model is asked at all; without one every analysis is the rule-based summary. */
    boolean usesModel();
}
