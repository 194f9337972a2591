package dev.arena.runtime;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the container runtime, prefix {@code arena.runtime}. Checked at start-up: a bad value stops
 * Arena with a message naming the setting. Nothing here connects to the engine.
 *
 * @param dockerHost     the Docker Engine API address (default {@code unix:///var/run/docker.sock};
 *                       {@code tcp://host:2375} works too)
 * @param publishAddress the host address published container ports bind to, an IP literal (default
 *                       {@code 127.0.0.1}: reachable from this machine only; {@code 0.0.0.0} for everyone)
 * @param publicHostname the host name players are told to connect to (default {@code localhost})
 * @param concurrency    how many engine calls run at once (default 10)
 * @param maxQueued      how many calls may wait for a free slot before new ones are refused (default 1000)
 * @param queueTimeout   how long a call may wait for a free slot (default 60s)
 * @param callTimeout    how long one engine call may take once it has a slot (default 30s)
 * @param filesDirectory where files for containers (flags, programs) are written to be bind-mounted read-only
 *                       (default {@code data/container-files}); only for a {@code unix://} engine, which shares
 *                       this host's file system. Blank, or a {@code tcp://} engine: they are uploaded instead,
 *                       which costs a start an extra mount of the container's file system in the engine
 */
@ConfigurationProperties("arena.runtime")
public record RuntimeSettings(
        @DefaultValue("unix:///var/run/docker.sock") String dockerHost,
        @DefaultValue("127.0.0.1") String publishAddress,
        @DefaultValue("localhost") String publicHostname,
        @DefaultValue("10") int concurrency,
        @DefaultValue("1000") int maxQueued,
        @DefaultValue("60s") Duration queueTimeout,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue("data/container-files") String filesDirectory) {

    public RuntimeSettings {
        require(dockerHost.startsWith("unix://") || dockerHost.startsWith("tcp://"),
                "arena.runtime.docker-host must be a unix:// or tcp:// address, was " + dockerHost);
        URI.create(dockerHost);
        try {
            InetAddress.ofLiteral(publishAddress);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arena.runtime.publish-address must be an IP address, was " + publishAddress);
        }
        require(!publicHostname.isBlank(), "arena.runtime.public-hostname must not be blank");
        require(concurrency >= 1 && concurrency <= 500, "arena.runtime.concurrency must be 1-500, was " + concurrency);
        require(maxQueued >= 0, "arena.runtime.max-queued must not be negative, was " + maxQueued);
        require(queueTimeout.isPositive(), "arena.runtime.queue-timeout must be positive, was " + queueTimeout);
        require(callTimeout.isPositive(), "arena.runtime.call-timeout must be positive, was " + callTimeout);
    }

    /** Where containers' files are bind-mounted from; empty when they are uploaded. */
    public Optional<Path> hostFilesDirectory() {
        return dockerHost.startsWith("unix://") && !filesDirectory.isBlank()
                ? Optional.of(Path.of(filesDirectory).toAbsolutePath().normalize()) : Optional.empty();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
