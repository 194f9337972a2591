package dev.arena.threats.respond;

import java.util.List;

/**
 * Answers session verdicts with the responses the policies call for. Thread-safe; cheap on a session that
 * needs nothing new (no I/O), so it can run at every session update.
 */
public interface Responder {

    /**
     * Takes the responses the verdict calls for that were not taken for this session before: each policy
     * responds at most once per session, across calls and nodes.
     *
     * <p>A response that fails (the database away, say) is logged and left for a later call; this method does
     * not throw.
     *
     * @return the responses taken by this call (dry-run ones included), empty when none
     */
    List<ResponseTaken> decide(SessionVerdict verdict);
}
