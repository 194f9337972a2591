package dev.arena.instances;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An instance as players and operators see it (never its flag); also the JSON body of the instance routes.
 *
 * @param owner   {@code user-<id>} or {@code team-<id>}
 * @param status  {@code starting}, {@code running}, {@code stopping}, {@code stopped} or {@code failed}
 * @param host    the host name to connect to
 * @param ports   each container port and the host port it is published on (empty until running)
 * @param endedAt when it was stopped, expired or failed; null while live
 * @param failure why it failed, or null
 */
public record InstanceDetails(String id, String challengeId, String owner, String status, String host, List<Port> ports,
                              Instant createdAt, Instant expiresAt, int extensions, int extensionsLeft,
                              @Nullable Instant endedAt, @Nullable String failure) {

    public InstanceDetails {
        ports = List.copyOf(ports);
    }

    /** A container port and the host port the engine published it on. */
    public record Port(int port, int hostPort) {
    }

    /** Whether the instance is starting, running or stopping. */
    public boolean live() {
        return endedAt == null && (status.equals("starting") || status.equals("running") || status.equals("stopping"));
    }
}
