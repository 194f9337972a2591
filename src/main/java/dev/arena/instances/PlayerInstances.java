package dev.arena.instances;

import dev.arena.identity.ArenaPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a player (a project reader acting for themselves, or for their team when the project runs team
 * instances) does with a project's challenges. The instance HTTP routes and the console both go through
 * it, so both check access the same way. Every method throws
 * {@link dev.arena.platform.ResourceNotFound} when the caller may not see the project or the challenge
 * does not belong to it; refusals (a cap, an extension limit, a cooldown, an engine failure) are the
 * module's problems, answered as RFC 9457 problems by its controller advice. {@code origin} says where the
 * caller acts from, for the instance audit log.
 */
public interface PlayerInstances {

    /** A challenge as players see it: no environment, image details or flag template. */
    record ChallengeSummary(long id, String name, List<Integer> ports, Duration lifetime, Duration extension,
                            int maxExtensions) {
    }

    /** The project's challenges, oldest first, at most 200. */
    List<ChallengeSummary> challenges(ArenaPrincipal caller, long projectId);

    /** One challenge of the project. */
    ChallengeSummary challenge(ArenaPrincipal caller, long projectId, long challengeId);

    /** Starts the caller's (or their team's) instance; blocks for the engine's create and start. */
    InstanceDetails start(ArenaPrincipal caller, long projectId, long challengeId, Origin origin);

    /** The owner's latest instance, live or how it ended; empty when there never was one. Cached. */
    Optional<InstanceDetails> status(ArenaPrincipal caller, long projectId, long challengeId);

    /** Extends the live instance by the challenge's step. */
    InstanceDetails extend(ArenaPrincipal caller, long projectId, long challengeId, Origin origin);

    /** Stops the live instance. */
    void stop(ArenaPrincipal caller, long projectId, long challengeId, Origin origin);

    /**
     * Checks a flag against the owner's latest instance.
     *
     * @return the id of the instance whose flag it is
     * A blank flag or one over 300 characters is the module's {@code unacceptable} problem (422, field
     * {@code flag}), a wrong one its {@code wrong-flag} problem (422), past the flag attempts a 429.
     */
    String submitFlag(ArenaPrincipal caller, long projectId, long challengeId, String flag);
}
