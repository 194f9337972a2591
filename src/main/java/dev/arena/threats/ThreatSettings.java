package dev.arena.threats;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the threat pipeline, prefix {@code arena.threats}. Checked at start-up: a bad value stops
 * Arena with a message naming the setting.
 *
 * @param maxRequestSize     the largest ingest request body (default 32MB); larger ones get 413. Applies to
 *                           {@code POST /v1/projects/{p}/threats/events} only, in place of
 *                           {@code arena.platform.max-request-size}
 * @param maxQueued          events accepted but not yet both stored and taken by the decision stage on this node (default 500000);
 *                           beyond it ingest answers 429 with {@code Retry-After}
 * @param retryAfter         the {@code Retry-After} a refused ingest is told (default 1s)
 * @param batchSize          the most events the pipeline takes into one batch, stored in one transaction (default 5000)
 * @param batchTime          the time the pipeline aims one batch's sessionizing and its decision at together (default
 *                           20ms): it sizes batches from the time per event it measures, up to {@code batchSize}; the
 *                           batch is stored after its decision, off the decision's path
 * @param sessionGap         quiet time after which a source's next event opens a new session (default 30m)
 * @param inboxClaimTimeout  how long a node's lease on its partitions of the pipeline's work lasts unrenewed
 *                           (default 1m): it renews every third of it, and once a node stopped renewing, the
 *                           other nodes take its partitions over with their inbox rows (PostgreSQL only)
 * @param retention          age after which events, their techniques and ended sessions are deleted (default 90d)
 * @param retentionInterval  how often retention runs, one node at a time (default 1h)
 * @param geoipDirectory     where {@code country.mmdb}, {@code asn.mmdb} and {@code source.json} are looked for
 *                           (default {@code ./data/geoip}, filled by {@code scripts/geoip.sh}); missing files
 *                           leave countries and ASNs unknown
 */
@ConfigurationProperties("arena.threats")
public record ThreatSettings(
        @DefaultValue("32MB") DataSize maxRequestSize,
        @DefaultValue("500000") int maxQueued,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("20ms") Duration batchTime,
        @DefaultValue("30m") Duration sessionGap,
        @DefaultValue("1m") Duration inboxClaimTimeout,
        @DefaultValue("90d") Duration retention,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("./data/geoip") Path geoipDirectory) {

    public ThreatSettings {
        require(maxRequestSize.toBytes() >= 1024, "arena.threats.max-request-size must be at least 1KB, was " + maxRequestSize);
        require(maxQueued >= 1, "arena.threats.max-queued must be at least 1, was " + maxQueued);
        require(retryAfter.toMillis() >= 1, "arena.threats.retry-after must be positive, was " + retryAfter);
        require(batchSize >= 1 && batchSize <= 100_000, "arena.threats.batch-size must be 1-100000, was " + batchSize);
        require(batchTime.toMillis() >= 1, "arena.threats.batch-time must be at least 1ms, was " + batchTime);
        require(sessionGap.toSeconds() >= 1, "arena.threats.session-gap must be at least 1s, was " + sessionGap);
        require(inboxClaimTimeout.toSeconds() >= 1, "arena.threats.inbox-claim-timeout must be at least 1s, was " + inboxClaimTimeout);
        require(retention.toHours() >= 1, "arena.threats.retention must be at least 1h, was " + retention);
        require(retentionInterval.toSeconds() >= 1, "arena.threats.retention-interval must be at least 1s, was " + retentionInterval);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
