package dev.arena.instances.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One instance of a challenge, as recorded.
 *
 * @param owner       {@code user-<id>} or {@code team-<id>}
 * @param containerId the engine's container, once created
 * @param ports       where the host publishes each container port, once running
 * @param flag        the instance's flag (never shown in views or events)
 * @param deadline    the latest the instance may ever expire (its challenge's maximum total lifetime)
 * @param endedAt     when it was stopped, expired or failed
 */
record Instance(long id, long projectId, long challengeId, String owner, long startedBy, Status status,
                @Nullable String containerId, List<Port> ports, String flag, int extensions, int maxExtensions,
                Instant createdAt, Instant expiresAt, Instant deadline, @Nullable Instant endedAt, @Nullable String failure) {

    enum Status {
        STARTING, RUNNING, STOPPING, STOPPED, FAILED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean live() {
            return this == STARTING || this == RUNNING || this == STOPPING;
        }
    }

    /** A container port and the host port the engine published it on. */
    record Port(int port, int hostPort) {
    }

    String liveKey() {
        return challengeId + ":" + owner;
    }

    int extensionsLeft() {
        return Math.max(0, maxExtensions - extensions);
    }
}
