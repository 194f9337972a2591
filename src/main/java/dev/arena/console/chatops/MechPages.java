package dev.arena.console.chatops;

import dev.arena.chatops.ProjectMech;
import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.platform.Ids;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The project's mech as its players see it (power after decay, level, what the next level needs, when it
 * runs empty); managers enter donations here, through the same {@link ProjectMech} the HTTP API uses.
 */
@Controller
class MechPages {

    private final ProjectMech mech;
    private final ProjectPages projects;

    MechPages(ProjectMech mech, ProjectPages projects) {
        this.mech = mech;
        this.projects = projects;
    }

    @GetMapping("/console/projects/{projectId}/mech")
    String show(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "mech", model);
        model.addAttribute("mech", mech.get(caller, project.id()));
        model.addAttribute("manager", project.role().atLeast(ProjectRole.MANAGER));
        return "console/mech";
    }

    @PostMapping("/console/projects/{projectId}/mech/donations")
    String donate(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                  @RequestParam(required = false) @Nullable Double amount, @RequestParam(required = false) @Nullable String donor,
                  HttpServletResponse response) {
        mech.donate(caller, Ids.parse(projectId, "project"), amount, donor);
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }
}
