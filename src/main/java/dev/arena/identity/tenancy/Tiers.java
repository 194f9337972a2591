package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import dev.arena.identity.Quota;
import dev.arena.identity.account.Users;
import dev.arena.platform.ResourceNotFound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tiers table as data, an organisation's usage of its tier, and moving an organisation to another
 * tier — which only operators ({@code arena.tenancy.operator-emails}, with a verified address) may do.
 * A move below the current usage is allowed: quotas refuse new things, they never remove existing ones.
 */
@Service
class Tiers implements Operators {

    /** A tier and its limit per quota; a null limit is unlimited. */
    record Tier(String name, Map<Quota, @Nullable Integer> limits) {
    }

    /** How much of each quota an organisation uses. */
    record Usage(long orgId, String tier, Map<Quota, Long> used, Map<Quota, @Nullable Integer> limits) {
    }

    private final JdbcClient jdbc;
    private final TierQuotas quotas;
    private final Users users;
    private final TenancySettings settings;
    private final ApplicationEventPublisher events;

    Tiers(JdbcClient jdbc, TierQuotas quotas, Users users, TenancySettings settings, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.users = users;
        this.settings = settings;
        this.events = events;
    }

    /** Every tier, the most limited first. */
    List<Tier> all() {
        return jdbc.sql("SELECT * FROM tiers").query((rs, n) -> new Tier(rs.getString("name"), limits(rs))).list().stream()
                .sorted(Comparator.comparingLong(Tiers::size)).toList();
    }

    /** An organisation's usage. @throws ResourceNotFound when there is no such organisation */
    Usage usage(long orgId) {
        String tier = jdbc.sql("SELECT tier FROM orgs WHERE id = ?").param(orgId).query(String.class).optional()
                .orElseThrow(() -> new ResourceNotFound("organisation"));
        Map<Quota, Long> used = new LinkedHashMap<>();
        Arrays.stream(Quota.values()).forEach(q -> used.put(q, quotas.used(orgId, q)));
        return new Usage(orgId, tier, used, tier(tier).limits());
    }

    @Override
    public boolean isOperator(ArenaPrincipal caller) {
        return caller instanceof ArenaPrincipal.UserSession session && isOperator(session.userId());
    }

    /** Whether a user is one of Arena's operators: a configured address the user has verified. */
    boolean isOperator(long userId) {
        return users.byId(userId).filter(u -> u.emailVerified() && settings.operators().contains(u.email())).isPresent();
    }

    /**
     * Moves an organisation to another tier.
     *
     * @throws ResourceNotFound             when there is no such organisation
     * @throws IdentityProblem.Unacceptable when there is no such tier
     */
    @Transactional
    Usage change(long operatorId, long orgId, String tierName) {
        String from = jdbc.sql("SELECT tier FROM orgs WHERE id = ? FOR UPDATE").param(orgId).query(String.class).optional()
                .orElseThrow(() -> new ResourceNotFound("organisation"));
        String to = tier(tierName).name();
        if (!from.equals(to)) {
            jdbc.sql("UPDATE orgs SET tier = ? WHERE id = ?").params(to, orgId).update();
            events.publishEvent(new IdentityEvent.TierChanged(operatorId, orgId, from, to));
        }
        return usage(orgId);
    }

    private Tier tier(String name) {
        return jdbc.sql("SELECT * FROM tiers WHERE name = ?").param(name)
                .query((rs, n) -> new Tier(rs.getString("name"), limits(rs))).optional()
                .orElseThrow(() -> new IdentityProblem.Unacceptable("tier", "There is no tier named '" + name + "'."));
    }

    private static Map<Quota, @Nullable Integer> limits(ResultSet rs) throws SQLException {
        Map<Quota, @Nullable Integer> limits = new LinkedHashMap<>();
        for (Quota quota : Quota.values()) {
            limits.put(quota, rs.getObject("max_" + quota.wireName(), Integer.class));
        }
        return limits;
    }

    /** Orders tiers by how much they allow; unlimited counts as more than any number. */
    private static long size(Tier tier) {
        return tier.limits().values().stream().mapToLong(l -> l == null ? Integer.MAX_VALUE : l).sum();
    }
}
