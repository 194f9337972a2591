package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Page;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What was done to a project through chat-ops — container actions, instance commands, schedule runs — and the
 * changes to its chat-ops configuration — managed containers, Discord mappings, schedules, donations — by whom
 * and from where, for the project's managers (Arena-wide settings changes are recorded without a project). Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, callers below manager
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}.
 */
public interface ChatopsAuditLog {

    /**
     * One audited action.
     *
     * @param source  {@code console}, {@code api}, {@code discord}, {@code schedule} or {@code webhook}
     * @param userId  the Arena user who acted, or null when nobody did (a schedule, an unlinked Discord user)
     * @param actor   who acted as the source knows them (a Discord user id, a user id, a schedule's name)
     * @param outcome {@code ok}, {@code denied}, {@code refused}, {@code failed} or (a schedule's missed runs) {@code skipped}
     */
    record Entry(String id, Instant at, String source, @Nullable String userId, String actor, String action, String target,
                 String outcome, String detail) {
    }

    /** The project's entries, newest first. @param cursor a page's {@code nextCursor}, or null for the newest */
    Page<Entry> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit);
}
