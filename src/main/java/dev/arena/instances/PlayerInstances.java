package dev.arena.instances;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a player does with their own instances, for faces other than the HTTP API (Discord, the console).
 * The same rules apply as over HTTP: the caller must be a reader of the project; team ownership, caps and
 * cooldowns hold. Refusals are {@link InstanceRefused}; {@link dev.arena.platform.ResourceNotFound},
 * {@link dev.arena.platform.TooManyRequests} and the runtime's {@code ContainerRuntimeException} pass through.
 */
public interface PlayerInstances {

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
    InstanceSummary start(long projectId, long challengeId, long userId);

    /** Extends the player's live instance by the challenge's step. */
    InstanceSummary extend(long projectId, long challengeId, long userId);

    /** Stops the player's live instance. */
    void stop(long projectId, long challengeId, long userId);
}
