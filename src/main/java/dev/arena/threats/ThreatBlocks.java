package dev.arena.threats;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A project's block list: readers look, admins block and lift. The block routes and the console share it.
 * Callers who may not see the project get {@link dev.arena.platform.ResourceNotFound}; a bad address,
 * duration or reason is {@link dev.arena.platform.InvalidValue} naming it.
 */
public interface ThreatBlocks {

    /** A block; {@code policy} names the policy that made it, null for a manual one. */
    record BlockRow(String id, String address, String reason, @Nullable String policy, Instant createdAt, Instant expiresAt,
                    @Nullable Instant liftedAt, boolean active) {
    }

    /** The project's blocks, oldest first, at most 200; only those in force when {@code activeOnly}. */
    List<BlockRow> list(ArenaPrincipal caller, long projectId, boolean activeOnly);

    /**
     * Blocks an address or CIDR range (admins).
     *
     * @param duration       {@code 30m}, {@code 2h}, {@code PT1H}, ...
     * @param callersAddress the caller's own address, which a block may not cover
     * @param reason         why, or null for "blocked by an admin"
     */
    BlockRow block(ArenaPrincipal caller, long projectId, @Nullable String address, @Nullable String duration,
                   @Nullable String reason, String callersAddress);

    /** Lifts a block (admins). */
    void lift(ArenaPrincipal caller, long projectId, long blockId);
}
