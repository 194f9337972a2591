package dev.arena.instances;

/**
 * What other modules may do to instances directly: the threat pipeline stops an attacker's instances.
 * Stops are recorded and published like an operator's ({@code InstanceStopped} with no acting user), from
 * {@link Origin#ARENA}.
 */
public interface InstanceControl {

    /**
     * Stops every live instance a user owns as a player in a project (their team's
     * instances are left alone: a teammate may be the victim). Blocks while the containers are removed.
     *
     * @param reason why, for the log (e.g. the threat policy that fired)
     * @return how many instances this call stopped (0 when the user had none live)
     */
    int stopAllOf(long projectId, long userId, String reason);
}
