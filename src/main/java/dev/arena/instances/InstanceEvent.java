package dev.arena.instances;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened to an instance, published in the transaction that recorded it. Listeners must be
 * idempotent: delivery is at-least-once. {@code owner} is {@code user-<id>} or {@code team-<id>}.
 */
public sealed interface InstanceEvent {

    long instanceId();

    long projectId();

    long challengeId();

    String owner();

    /** The user who acted, or null when Arena itself did (the reaper, reconciliation). */
    @Nullable Long actorId();

    /** A short description for the audit log; never contains the flag. */
    String describe();

    record InstanceStarted(long instanceId, long projectId, long challengeId, String owner, Long actorId,
                           Instant expiresAt) implements InstanceEvent {
        public String describe() {
            return "started for " + owner + ", expires " + expiresAt;
        }
    }

    record InstanceExtended(long instanceId, long projectId, long challengeId, String owner, Long actorId,
                            int extensions, Instant expiresAt) implements InstanceEvent {
        public String describe() {
            return "extension " + extensions + ", expires " + expiresAt;
        }
    }

    record InstanceStopped(long instanceId, long projectId, long challengeId, String owner, @Nullable Long actorId)
            implements InstanceEvent {
        public String describe() {
            return "stopped";
        }
    }

    record InstanceExpired(long instanceId, long projectId, long challengeId, String owner, @Nullable Long actorId)
            implements InstanceEvent {
        public String describe() {
            return "expired and reaped";
        }
    }

    record InstanceFailed(long instanceId, long projectId, long challengeId, String owner, @Nullable Long actorId,
                          String reason) implements InstanceEvent {
        public String describe() {
            return "failed: " + reason;
        }
    }
}
