package dev.arena.console.chatops;

import dev.arena.chatops.DiscordMappings;
import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.platform.Ids;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's Discord role and channel mappings: managers see them, admins map a role or channel to a project
 * role, change it and remove it through the same {@link DiscordMappings} the HTTP API uses; a refusal shows in
 * the form's own box.
 */
@Controller
class DiscordPages {

    private static final String PAGE = "/console/projects/{projectId}/discord";

    private final DiscordMappings mappings;
    private final ProjectPages projects;

    DiscordPages(DiscordMappings mappings, ProjectPages projects) {
        this.mappings = mappings;
        this.projects = projects;
    }

    @GetMapping(PAGE)
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "discord", model);
        model.addAttribute("mappings", mappings.list(caller, project.id()));
        model.addAttribute("admin", project.role().atLeast(ProjectRole.ADMIN));
        model.addAttribute("roles", ProjectRole.values());
        return "console/discord";
    }

    /** Maps a Discord role or channel, or changes the role it maps to. */
    @PostMapping(PAGE)
    String map(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestParam(defaultValue = "") String kind,
               @RequestParam(defaultValue = "") String discordId, @RequestParam(defaultValue = "") String role,
               HttpServletResponse response) {
        mappings.map(caller, Ids.parse(projectId, "project"), kind, discordId.strip(), role);
        return refreshed(response);
    }

    @PostMapping(PAGE + "/{kind}/{discordId}/delete")
    String unmap(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String kind,
                 @PathVariable String discordId, HttpServletResponse response) {
        mappings.unmap(caller, Ids.parse(projectId, "project"), kind, discordId);
        return refreshed(response);
    }

    /** Has the page reload, so the list shows the mappings as stored. */
    private static String refreshed(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }
}
