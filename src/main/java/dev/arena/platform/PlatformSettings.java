package dev.arena.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the shared kernel, prefix {@code arena.platform}.
 *
 * @param workerId        this node's Snowflake worker id (0–1023); default: none, a free one is leased from
 *                        the database so two nodes never share one
 * @param maxRequestSize  the largest request body accepted; larger ones get 413 (default 1MB)
 * @param trustedProxies  how many reverse proxies in front of Arena append to {@code X-Forwarded-For}
 *                        (default 0: the header is ignored)
 * @param masterKeys      AES-256 master keys (base64, 32 bytes) by version, for sealing secrets at rest;
 *                        default: none, a key is generated once into {@code masterKeyFile}
 * @param activeKeyVersion the master key version new secrets are sealed with (default 1)
 * @param masterKeyFile   where the generated key lives when no key is configured (default
 *                        {@code ./data/master.key}); production should configure keys instead
 * @param probePort       a second HTTP port that answers only {@code /v1/health/*}, with its own connector
 *                        and platform threads, so probes never queue behind API requests (default: none;
 *                        the health routes are on the main port either way)
 * @param noticeListenerRetry on PostgreSQL, how long after its listening connection broke a node connects
 *                        again to hear other nodes' {@link Notices} (default 1s); until then a change made on
 *                        another node may be served stale here, and on reconnecting the node forgets every
 *                        entry of its shared caches
 */
@Validated
@ConfigurationProperties("arena.platform")
public record PlatformSettings(
        @Nullable @Min(0) @Max(Ids.MAX_WORKER_ID) Integer workerId,
        @DefaultValue("1MB") @NotNull DataSize maxRequestSize,
        @DefaultValue("0") @Min(0) @Max(10) int trustedProxies,
        @DefaultValue Map<Integer, String> masterKeys,
        @DefaultValue("1") int activeKeyVersion,
        @DefaultValue("./data/master.key") Path masterKeyFile,
        @Nullable @Min(1) @Max(65535) Integer probePort,
        @DefaultValue("1s") Duration noticeListenerRetry) {

    public PlatformSettings {
        if (!noticeListenerRetry.isPositive()) {
            throw new IllegalArgumentException("arena.platform.notice-listener-retry must be positive, was " + noticeListenerRetry);
        }
    }
}
