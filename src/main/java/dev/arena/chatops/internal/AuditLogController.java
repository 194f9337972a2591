package dev.arena.chatops.internal;

import dev.arena.chatops.ChatopsAuditLog;
import dev.arena.chatops.ChatopsAuditLog.Entry;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat-ops audit log over HTTP for a project's managers: every container action, instance command,
 * schedule run and configuration change, from the console, the API, Discord, a schedule or the donation webhook,
 * newest first — the same {@link ChatopsAuditLog} the console's audit view reads.
 */
@RestController
@Tag(name = "Chat-ops audit")
class AuditLogController {

    private final ChatopsAuditLog log;

    AuditLogController(ChatopsAuditLog log) {
        this.log = log;
    }

    /** One page of entries, newest first; {@code nextCursor} fetches the older ones. */
    @GetMapping("/v1/projects/{projectId}/chatops-audit")
    Page<Entry> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                     @RequestParam(required = false) @Nullable String cursor,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return log.list(caller, Ids.parse(projectId, "project"), cursor, limit);
    }
}
