package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Quota;
import dev.arena.identity.Quotas;
import dev.arena.platform.Db;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tier limits from the {@code tiers} table (NULL is unlimited). The organisation's row is locked for the
 * rest of the caller's transaction, so concurrent creates in one organisation queue up behind each other
 * and the count each one sees is exact. Members count pending invitations too: an invitation holds a seat.
 */
@Service
class TierQuotas implements Quotas {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QuotaMetrics metrics;

    TierQuotas(JdbcClient jdbc, Clock clock, QuotaMetrics metrics) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(long orgId, Quota quota) {
        String tier = jdbc.sql("SELECT tier FROM orgs WHERE id = ? FOR UPDATE").param(orgId).query(String.class).optional()
                .orElseThrow(() -> new ResourceNotFound("organisation"));
        Integer limit = jdbc.sql("SELECT max_" + quota.wireName() + " FROM tiers WHERE name = ?").param(tier)
                .query((rs, n) -> (Integer) rs.getObject(1, Integer.class)).single();
        if (limit != null && used(orgId, quota) >= limit) {
            metrics.refused(quota);
            throw new IdentityProblem.QuotaExceeded(quota.wireName(), limit);
        }
    }

    /** How much of a quota an organisation uses now. */
    long used(long orgId, Quota quota) {
        String sql = switch (quota) {
            case PROJECTS -> "SELECT COUNT(*) FROM projects WHERE org_id = :org";
            case MEMBERS -> """
                    SELECT (SELECT COUNT(*) FROM org_members WHERE org_id = :org)
                         + (SELECT COUNT(*) FROM invitations WHERE org_id = :org AND accepted_at IS NULL AND expires_at > :now)""";
            case TEAMS -> "SELECT COUNT(*) FROM teams WHERE org_id = :org";
            case CLIENTS -> "SELECT COUNT(*) FROM clients WHERE org_id = :org";
            case CERTIFICATES -> "SELECT COUNT(*) FROM client_certificates WHERE org_id = :org AND revoked_at IS NULL";
        };
        var statement = jdbc.sql(sql).param("org", orgId);
        if (quota == Quota.MEMBERS) {
            statement = statement.param("now", Db.ts(clock.instant()));
        }
        return statement.query(Long.class).single();
    }
}
