package dev.arena.threats.respond;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A blocked address or range of a project, made by a person ({@code createdBy}) or a policy ({@code policy},
 * {@code sessionId}). In force from creation until it expires or is lifted.
 */
record Block(long id, long projectId, String cidr, String reason, @Nullable Long createdBy, @Nullable String policy,
             @Nullable Long sessionId, Instant createdAt, Instant expiresAt, @Nullable Instant liftedAt,
             @Nullable Long liftedBy) {

    boolean activeAt(Instant now) {
        return liftedAt == null && expiresAt.isAfter(now);
    }

    /** Made by a person (or an API client), not by a policy. */
    boolean byHand() {
        return policy == null;
    }

    BlockList.Entry entry() {
        return new BlockList.Entry(id, projectId, Cidr.parse(cidr), expiresAt);
    }

    static String activeKey(long projectId, String cidr) {
        return projectId + ":" + cidr;
    }
}
