package dev.arena.threats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the threat responses, prefix {@code arena.threats.response}. Checked at start-up: a bad value
 * stops Arena with a message naming the setting.
 *
 * @param policiesFile     a policies file replacing the built-in {@code classpath:threats/policies.yaml}
 *                         (default: none, the built-in policies)
 * @param dryRun           record every response as what would have been done, enforce none (default false),
 *                         whatever each policy says
 * @param maxPerMinute     responses taken per project per minute at most (default 30); a response over it is
 *                         not taken now, and may be at the session's next update
 * @param allowList        addresses and CIDR ranges that are never blocked, e.g. an office or a monitoring
 *                         service (default: none; loopback is not on it, so a local test can block itself)
 * @param maxBlockDuration the longest a block may last, escalated or asked for (default 30d)
 * @param blockRefresh     how often each node reloads the active blocks, so that blocks made on another node
 *                         apply here within that time (default 5s)
 */
@ConfigurationProperties("arena.threats.response")
public record ResponseSettings(
        @Nullable Path policiesFile,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("30") int maxPerMinute,
        @DefaultValue List<String> allowList,
        @DefaultValue("30d") Duration maxBlockDuration,
        @DefaultValue("5s") Duration blockRefresh) {

    public ResponseSettings {
        require(maxPerMinute >= 1, "arena.threats.response.max-per-minute must be at least 1, was " + maxPerMinute);
        require(maxBlockDuration.toSeconds() >= 60, "arena.threats.response.max-block-duration must be at least 1m, was " + maxBlockDuration);
        require(blockRefresh.toMillis() >= 100, "arena.threats.response.block-refresh must be at least 100ms, was " + blockRefresh);
        allowList = List.copyOf(allowList);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
