package dev.arena.chatops.internal;

import dev.arena.identity.ArenaPrincipal;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records configuration changes — managed containers and their allow-lists, Discord mappings, schedules,
 * settings, donations — in the chat-ops audit log, with who made them and from where. These changes come
 * only over HTTP, so where is read from the request: a console page ({@code /console/...}) is {@code console},
 * any other route {@code api}. Values of settings are never recorded.
 */
@Component
class ChangeAudit {

    private final ChatopsAudit audit;

    ChangeAudit(ChatopsAudit audit) {
        this.audit = audit;
    }

    /** A change the caller made; {@code projectId} is null for Arena-wide ones (settings). */
    void changed(ArenaPrincipal caller, @Nullable Long projectId, String action, String target, String detail) {
        audit.record(projectId, caller.user(), source(), actor(caller), action, target, "ok", detail);
    }

    /** A donation a project's webhook delivered; a repeated delivery is recorded as skipped. */
    void webhookDonation(long projectId, String donor, double amount, boolean counted) {
        audit.record(projectId, null, "webhook", "webhook", "donation", donor, counted ? "ok" : "skipped",
                counted ? "donated " + amount : "a repeated delivery of a donation already counted");
    }

    private static String source() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            var request = attributes.getRequest();
            return request.getRequestURI().startsWith(request.getContextPath() + "/console/") ? "console" : "api";
        }
        return "api";
    }

    /** How the audit log names the caller: {@code user:<id>}, or {@code client:<id>} for an API client's token. */
    private static String actor(ArenaPrincipal caller) {
        return switch (caller) {
            case ArenaPrincipal.UserSession s -> "user:" + s.userId();
            case ArenaPrincipal.ProjectToken t -> t.userId() != null ? "user:" + t.userId() : "client:" + t.clientId();
        };
    }
}
