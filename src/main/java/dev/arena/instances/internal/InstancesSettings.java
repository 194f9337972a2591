package dev.arena.instances.internal;

import dev.arena.platform.RateLimiter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the instances module, prefix {@code arena.instances}. Checked at start-up: a bad value stops
 * Arena with a message naming the setting.
 *
 * @param publicHostname       the host name players are told to connect to (default {@code localhost})
 * @param maxRunningPerPlayer  default cap on live instances one player started in a project (default 3)
 * @param maxRunningPerProject default cap on live instances in a project (default 200)
 * @param cooldown             least time between two starts or stops of one owner in a project (default 5s; 0 turns it off)
 * @param flagGrace            how long after its instance ended a flag is still accepted (default 10m)
 * @param flagAttempts         flag submissions per player, {@code <capacity>/<period>} (default {@code 10/1m})
 * @param reaperInterval       how often expired instances are reaped (default 2s)
 * @param reconcileInterval    how often the engine and the database are reconciled (default 30s)
 * @param auditRetention       how long instance audit entries are kept (default 90d)
 * @param deployment           the {@code arena.deployment} label on instance containers; reconciliation only
 *                             removes orphans carrying its own (default {@code arena})
 * @param network              name prefix of the shared instance networks (default {@code arena-instances})
 * @param defaultBridge        whether instances without outbound traffic join the engine's default bridge when
 *                             that already isolates containers and keeps them from the outside (the engine's
 *                             {@code icc} and {@code ip-masq} off, as {@code scripts/setup-docker.sh} configures
 *                             it): a network of Arena's own costs each start ~200 ms of the engine's set-up of
 *                             its embedded DNS (default true)
 * @param networkPerInstance   whether each instance (and warm-pool container) gets a network of its own instead
 *                             of joining a shared one whose containers cannot reach each other: isolation that
 *                             does not rest on the bridge's inter-container setting, at ~0.2 s more per start
 *                             and a network removal per stop (default false)
 * @param pidsLimit            processes per instance container (default 256)
 * @param poolMaxAge           age at which an unused warm-pool container is replaced by a fresh one (default 30m)
 */
@ConfigurationProperties("arena.instances")
record InstancesSettings(
        @DefaultValue("localhost") String publicHostname,
        @DefaultValue("3") int maxRunningPerPlayer,
        @DefaultValue("200") int maxRunningPerProject,
        @DefaultValue("5s") Duration cooldown,
        @DefaultValue("10m") Duration flagGrace,
        @DefaultValue("10/1m") String flagAttempts,
        @DefaultValue("2s") Duration reaperInterval,
        @DefaultValue("30s") Duration reconcileInterval,
        @DefaultValue("90d") Duration auditRetention,
        @DefaultValue("arena") String deployment,
        @DefaultValue("arena-instances") String network,
        @DefaultValue("true") boolean defaultBridge,
        @DefaultValue("false") boolean networkPerInstance,
        @DefaultValue("256") long pidsLimit,
        @DefaultValue("30m") Duration poolMaxAge) {

    private static final Pattern LIMIT = Pattern.compile("(\\d+)/(\\d+)([smhd])");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,60}");

    InstancesSettings {
        require(!publicHostname.isBlank(), "arena.instances.public-hostname must not be blank");
        require(maxRunningPerPlayer >= 1, "arena.instances.max-running-per-player must be at least 1, was " + maxRunningPerPlayer);
        require(maxRunningPerProject >= 1, "arena.instances.max-running-per-project must be at least 1, was " + maxRunningPerProject);
        require(!cooldown.isNegative(), "arena.instances.cooldown must not be negative, was " + cooldown);
        require(!flagGrace.isNegative(), "arena.instances.flag-grace must not be negative, was " + flagGrace);
        limit(flagAttempts);
        require(reaperInterval.isPositive(), "arena.instances.reaper-interval must be positive, was " + reaperInterval);
        require(reconcileInterval.isPositive(), "arena.instances.reconcile-interval must be positive, was " + reconcileInterval);
        require(auditRetention.isPositive(), "arena.instances.audit-retention must be positive, was " + auditRetention);
        require(LABEL.matcher(deployment).matches(), "arena.instances.deployment must match " + LABEL + ", was " + deployment);
        require(LABEL.matcher(network).matches(), "arena.instances.network must match " + LABEL + ", was " + network);
        require(pidsLimit >= 8, "arena.instances.pids-limit must be at least 8, was " + pidsLimit);
        require(poolMaxAge.compareTo(Duration.ofSeconds(10)) >= 0, "arena.instances.pool-max-age must be at least 10s, was " + poolMaxAge);
    }

    /** The flag submission limit as a rate limit. */
    RateLimiter.Limit flagLimit() {
        return limit(flagAttempts);
    }

    private static RateLimiter.Limit limit(String text) {
        Matcher m = LIMIT.matcher(text);
        require(m.matches() && Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(2)) > 0,
                "arena.instances.flag-attempts must look like 10/1m (<capacity>/<n><s|m|h|d>), was " + text);
        long n = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return new RateLimiter.Limit(Long.parseLong(m.group(1)), period);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
