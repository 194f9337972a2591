package dev.arena.identity.tenancy;

import dev.arena.identity.Quota;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Quotas as metrics: {@code arena.tenancy.quota.used} gauges the total usage of each quota across all
 * organisations, {@code arena.tenancy.quota.refused} counts refusals. Both are tagged by quota only — never
 * by organisation, which would make one time series per tenant. The totals are counted at most every
 * {@link #REFRESH}, so scraping {@code /metrics} stays cheap however often it happens.
 */
@Component
class QuotaMetrics {

    static final Duration REFRESH = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Quota, Counter> refused = new EnumMap<>(Quota.class);
    private volatile Map<Quota, Long> totals = Map.of();
    private volatile Instant countedAt = Instant.MIN;

    QuotaMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (Quota quota : Quota.values()) {
            Gauge.builder("arena.tenancy.quota.used", this, m -> m.total(quota))
                    .description("What all organisations together use of a tier quota")
                    .tag("quota", quota.wireName()).strongReference(true).register(registry);
            refused.put(quota, Counter.builder("arena.tenancy.quota.refused")
                    .description("Creates refused because an organisation's tier allowed no more")
                    .tag("quota", quota.wireName()).register(registry));
        }
    }

    /** Counts one refusal of {@code quota}. */
    void refused(Quota quota) {
        refused.get(quota).increment();
    }

    private double total(Quota quota) {
        Instant now = clock.instant();
        if (countedAt.plus(REFRESH).isBefore(now)) {
            totals = count();
            countedAt = now;
        }
        return totals.getOrDefault(quota, 0L);
    }

    private Map<Quota, Long> count() {
        Map<Quota, Long> counted = new EnumMap<>(Quota.class);
        for (Quota quota : Quota.values()) {
            String sql = switch (quota) {
                case PROJECTS -> "SELECT COUNT(*) FROM projects";
                case MEMBERS -> "SELECT COUNT(*) FROM org_members";
                case TEAMS -> "SELECT COUNT(*) FROM teams";
                case CLIENTS -> "SELECT COUNT(*) FROM clients";
                case CERTIFICATES -> "SELECT COUNT(*) FROM client_certificates WHERE revoked_at IS NULL";
            };
            counted.put(quota, jdbc.sql(sql).query(Long.class).single());
        }
        return counted;
    }
}
