package dev.arena.instances;

import org.jspecify.annotations.Nullable;

/**
 * Opening and closing challenges, and stopping all of a challenge's instances: what operators and
 * scheduled actions do to a challenge as a whole. A closed challenge refuses new instance starts (409
 * {@code challenge-closed}); instances already running keep running until they expire or are stopped.
 */
public interface ChallengeControl {

    /** Lets players start instances of the challenge again. @throws dev.arena.platform.ResourceNotFound when the project has no such challenge */
    void open(long projectId, long challengeId);

    /** Refuses new instance starts of the challenge. @throws dev.arena.platform.ResourceNotFound when the project has no such challenge */
    void close(long projectId, long challengeId);

    /**
     * Stops every live instance of the challenge and returns how many there were; returns when all are done.
     *
     * @param actorId the user who asked, or null when Arena itself does (a schedule)
     * @param origin  where the stop came from, for the audit log
     * @throws dev.arena.platform.ResourceNotFound when the project has no such challenge
     */
    int stopAllInstances(long projectId, long challengeId, @Nullable Long actorId, Origin origin);
}
