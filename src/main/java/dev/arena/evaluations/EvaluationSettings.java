package dev.arena.evaluations;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of code evaluations, prefix {@code arena.evaluations}. Checked at start-up: a bad value stops
 * Arena with a message naming the setting.
 *
 * @param workers        evaluations run at once on this node (default 4; 0 runs none: the node only accepts)
 * @param pollInterval   how often an idle worker looks for work that another node queued or a retry made
 *                       due (default 1s); work queued on this node wakes a worker at once
 * @param lease          how long a claimed evaluation stays a worker's without a heartbeat (default 30s);
 *                       heartbeats come every third of it
 * @param maxAttempts    runs tried before an infrastructure failure becomes {@code internal_error} (default 3)
 * @param retryBackoff   the wait before the first retry, doubled for each further one (default 1s)
 * @param maxWait        longest a {@code ?wait=true} request is held (default 30s)
 * @param defaultWall    wall-time limit when a submission names none (default 10s)
 * @param maxWall        the largest wall-time limit a submission may ask for (default 30s)
 * @param defaultMemory  memory limit when a submission names none (default 256MB)
 * @param maxMemory      the largest memory limit a submission may ask for (default 1GB)
 * @param defaultPids    process limit when a submission names none (default 64)
 * @param maxPids        the largest process limit (default 256)
 * @param defaultOutput  bytes kept of stdout and of stderr each when a submission names none (default 64KB)
 * @param maxOutput      the largest output limit (default 1MB)
 * @param maxSource      the largest source (default 64KB)
 * @param maxStdin       the largest stdin, and of each test's stdin (default 512KB)
 * @param maxTests       the most tests in one submission (default 50)
 * @param maxBatch       the most submissions in one batch (default 100)
 * @param cpus           CPU quota of a sandbox in cores (default 1.0)
 * @param workDirSize    size of the sandbox's writable tmpfs work directory {@code /tmp} (default 16MB)
 * @param callbackSecret the key callbacks are signed with (HMAC-SHA256); unset (the default), submissions
 *                       with a {@code callbackUrl} are refused
 * @param callbackAttempts deliveries tried before a callback is given up (default 6)
 * @param callbackTimeout  longest one delivery may take (default 10s)
 * @param warmPoolSize     started sandboxes kept waiting per language on nodes with workers (default 2; 0 disables
 *                         the pool: every run creates and starts its container)
 * @param callbackAllowedHosts host names or IP literals callbacks may reach although they resolve to loopback,
 *                         private, link-local or other non-public addresses (default none)
 * @param outageHold       how long workers stop claiming once a run finds the container engine unreachable,
 *                         asking it every {@code retry-backoff} whether it is back (default 5m); after that,
 *                         queued jobs are tried and end as {@code internal_error} after their attempts
 */
@ConfigurationProperties("arena.evaluations")
public record EvaluationSettings(
        @DefaultValue("4") int workers,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("10s") Duration defaultWall,
        @DefaultValue("30s") Duration maxWall,
        @DefaultValue("256MB") DataSize defaultMemory,
        @DefaultValue("1GB") DataSize maxMemory,
        @DefaultValue("64") int defaultPids,
        @DefaultValue("256") int maxPids,
        @DefaultValue("64KB") DataSize defaultOutput,
        @DefaultValue("1MB") DataSize maxOutput,
        @DefaultValue("64KB") DataSize maxSource,
        @DefaultValue("512KB") DataSize maxStdin,
        @DefaultValue("50") int maxTests,
        @DefaultValue("100") int maxBatch,
        @DefaultValue("1.0") double cpus,
        @DefaultValue("16MB") DataSize workDirSize,
        @Nullable String callbackSecret,
        @DefaultValue("6") int callbackAttempts,
        @DefaultValue("10s") Duration callbackTimeout,
        @DefaultValue("2") int warmPoolSize,
        @DefaultValue List<String> callbackAllowedHosts,
        @DefaultValue("5m") Duration outageHold) {

    public EvaluationSettings {
        require(workers >= 0 && workers <= 200, "arena.evaluations.workers must be 0-200, was " + workers);
        require(pollInterval.toMillis() >= 10, "arena.evaluations.poll-interval must be at least 10ms, was " + pollInterval);
        require(lease.toSeconds() >= 3, "arena.evaluations.lease must be at least 3s, was " + lease);
        require(maxAttempts >= 1, "arena.evaluations.max-attempts must be at least 1, was " + maxAttempts);
        require(retryBackoff.isPositive(), "arena.evaluations.retry-backoff must be positive, was " + retryBackoff);
        require(maxWait.isPositive(), "arena.evaluations.max-wait must be positive, was " + maxWait);
        require(maxWall.toMillis() >= 100, "arena.evaluations.max-wall must be at least 100ms, was " + maxWall);
        require(between(defaultWall.toMillis(), 100, maxWall.toMillis()), "arena.evaluations.default-wall must be 100ms to max-wall, was " + defaultWall);
        require(maxMemory.toBytes() >= 16L << 20, "arena.evaluations.max-memory must be at least 16MB, was " + maxMemory);
        require(between(defaultMemory.toBytes(), 16L << 20, maxMemory.toBytes()), "arena.evaluations.default-memory must be 16MB to max-memory, was " + defaultMemory);
        require(maxPids >= 8, "arena.evaluations.max-pids must be at least 8, was " + maxPids);
        require(between(defaultPids, 8, maxPids), "arena.evaluations.default-pids must be 8 to max-pids, was " + defaultPids);
        require(between(maxOutput.toBytes(), 1, 1L << 20), "arena.evaluations.max-output must be 1B to 1MB, was " + maxOutput);
        require(between(defaultOutput.toBytes(), 1, maxOutput.toBytes()), "arena.evaluations.default-output must be 1B to max-output, was " + defaultOutput);
        require(between(maxSource.toBytes(), 1, 1L << 20), "arena.evaluations.max-source must be 1B to 1MB, was " + maxSource);
        require(between(maxStdin.toBytes(), 0, 1L << 20), "arena.evaluations.max-stdin must be 0 to 1MB, was " + maxStdin);
        require(maxTests >= 1, "arena.evaluations.max-tests must be at least 1, was " + maxTests);
        require(maxBatch >= 1, "arena.evaluations.max-batch must be at least 1, was " + maxBatch);
        require(cpus >= 0.01 && cpus <= 64, "arena.evaluations.cpus must be 0.01-64, was " + cpus);
        require(workDirSize.toBytes() >= 1L << 20, "arena.evaluations.work-dir-size must be at least 1MB, was " + workDirSize);
        require(callbackSecret == null || callbackSecret.length() >= 16, "arena.evaluations.callback-secret must be at least 16 characters");
        require(callbackAttempts >= 1, "arena.evaluations.callback-attempts must be at least 1, was " + callbackAttempts);
        require(callbackTimeout.isPositive(), "arena.evaluations.callback-timeout must be positive, was " + callbackTimeout);
        callbackAllowedHosts = List.copyOf(callbackAllowedHosts);
        require(!outageHold.isNegative(), "arena.evaluations.outage-hold must not be negative, was " + outageHold);
        require(warmPoolSize >= 0 && warmPoolSize <= 100, "arena.evaluations.warm-pool-size must be 0-100, was " + warmPoolSize);
    }

    private static boolean between(long value, long min, long max) {
        return value >= min && value <= max;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
