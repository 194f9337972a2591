package dev.arena.chatops.internal;

import dev.arena.chatops.ChatopsAuditLog;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Page;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The chat-ops audit log as a project's managers read it. */
@Service
class AuditLogService implements ChatopsAuditLog {

    private final ChatopsAudit audit;
    private final ProjectAccess access;

    AuditLogService(ChatopsAudit audit, ProjectAccess access) {
        this.audit = audit;
        this.access = access;
    }

    @Override
    public Page<Entry> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        long after = Page.after(cursor);
        return audit.of(projectId, after == Long.MIN_VALUE ? Long.MAX_VALUE : after, limit).map(AuditLogService::entry);
    }

    private static Entry entry(ChatopsAudit.Entry e) {
        return new Entry(Long.toString(e.id()), e.at(), e.source(), e.userId() == null ? null : Long.toString(e.userId()), e.actor(),
                e.action(), e.target(), e.outcome(), e.detail());
    }
}
