package dev.arena.instances;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A player's instances, acted on for a user whose authority the calling module has already established
 * (chat-ops maps Discord roles and channels to project roles, so its callers need not hold an Arena grant).
 * Team ownership, caps and cooldowns hold as over HTTP. Faces that act for a signed-in Arena principal use
 * {@link PlayerInstances}, which checks the principal's grants itself. Refusals are {@link InstanceRefused};
 * {@link dev.arena.platform.ResourceNotFound},
 * {@link dev.arena.platform.TooManyRequests} and the runtime's {@code ContainerRuntimeException} pass through.
 * {@code origin} says where the user acts from (Discord, or the console's command form), for the audit log.
 */
public interface DelegatedInstances {

    /** A challenge as players see it. */
    record ChallengeSummary(long id, String name, boolean open) {
    }

    /** A player's instance: where to connect and until when. {@code ports} maps container to host port. */
    record InstanceSummary(long id, long challengeId, String status, String host, List<Port> ports, Instant expiresAt,
                           int extensionsLeft) {
        public record Port(int port, int hostPort) {
        }
    }

    /** The project's first 100 challenges by id. */
    List<ChallengeSummary> challenges(long projectId);

    /** A challenge of the project by its name. */
    Optional<ChallengeSummary> challenge(long projectId, String name);

    /** A challenge of the project by its id. */
    Optional<ChallengeSummary> challenge(long projectId, long challengeId);

    /** How many instances of the project are live (starting, running or stopping). */
    int liveInstances(long projectId);

    /** Starts the player's (or their team's) instance and returns it running. */
    InstanceSummary start(long projectId, long challengeId, long userId, Origin origin);

    /** Extends the player's live instance by the challenge's step. */
    InstanceSummary extend(long projectId, long challengeId, long userId, Origin origin);

    /** Stops the player's live instance. */
    void stop(long projectId, long challengeId, long userId, Origin origin);
}
