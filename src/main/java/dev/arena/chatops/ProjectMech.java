package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A project's mech (the community meter fed by donations), shared by the HTTP API and the console: readers
 * see it, managers enter donations. Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, callers below the needed role
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}.
 */
public interface ProjectMech {

    /**
     * The mech now: its power after decay, the donations it ever got, its level and what the next level
     * still needs, when its power last changed and when it runs empty (null when it is empty already).
     */
    record MechView(double power, double totalDonated, int level, double toNextLevel, Instant changedAt, @Nullable Instant emptyAt) {
    }

    /** The project's mech (readers). */
    MechView get(ArenaPrincipal caller, long projectId);

    /**
     * Adds a donation entered by an operator (managers).
     *
     * @param donor who gave it; blank is {@code anonymous}, and it is cut to 100 characters
     * @throws dev.arena.platform.InvalidValue naming {@code amount} when it is not above 0 and at most 1,000,000
     */
    MechView donate(ArenaPrincipal caller, long projectId, @Nullable Double amount, @Nullable String donor);
}
