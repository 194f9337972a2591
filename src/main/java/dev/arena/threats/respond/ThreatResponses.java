package dev.arena.threats.respond;

import dev.arena.platform.Db;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit of responses: who (the policy, and the version of the set it came from: the project's own or the
 * built-in one), what (action, outcome), why (rule, score).
 */
@Repository
class ThreatResponses {

    private final JdbcClient jdbc;

    ThreatResponses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a response.
     *
     * @throws DuplicateKeyException when the policy already responded to the session (here or on another node)
     */
    void record(ResponseTaken taken, ProjectPolicies.InForce set, Policy policy, SessionVerdict verdict, Instant now) {
        jdbc.sql("""
                        INSERT INTO threat_responses (id, project_id, session_id, policy, policy_set, policy_version, action, outcome,
                                                      rule, score, techniques, source_ip, offender_user_id, block_id, expires_at,
                                                      created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(taken.id(), verdict.projectId(), verdict.sessionId(), policy.name(), set.origin(), set.set().version(), taken.action(),
                        taken.outcome(), policy.rule(), verdict.score().value(), techniques(verdict), verdict.sourceIp(),
                        verdict.offenderUserId(), taken.blockId(), Db.ts(taken.expiresAt()), Db.ts(now))
                .update();
    }

    static String techniques(SessionVerdict verdict) {
        String joined = String.join(",", verdict.techniqueIds().stream().sorted().toList());
        return joined.length() > 1000 ? joined.substring(0, 1000) : joined;
    }
}
