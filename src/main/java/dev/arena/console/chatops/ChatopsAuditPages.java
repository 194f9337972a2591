package dev.arena.console.chatops;

import dev.arena.chatops.ChatopsAuditLog;
import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** A project's chat-ops audit log for its managers: who did what, from the console, Discord or a schedule, newest first. */
@Controller
class ChatopsAuditPages {

    static final int PAGE_SIZE = 50;

    private final ChatopsAuditLog log;
    private final ProjectPages projects;

    ChatopsAuditPages(ChatopsAuditLog log, ProjectPages projects) {
        this.log = log;
        this.projects = projects;
    }

    @GetMapping("/console/projects/{projectId}/chatops-audit")
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                @RequestParam(required = false) @Nullable String cursor, Model model) {
        long project = projects.open(caller, projectId, "chatops-audit", model).id();
        model.addAttribute("page", log.list(caller, project, cursor, PAGE_SIZE));
        return "console/chatops-audit";
    }
}
