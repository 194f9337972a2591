package dev.arena.console.identity;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectGrants;
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
 * A project's members: who holds which role (users, teams, API clients), for its managers, who grant a role to a
 * member or team of the organisation, change it and revoke it through the same {@link ProjectGrants} the HTTP API
 * uses — so the same rules refuse a role above the manager's own, or a subject outside the organisation.
 */
@Controller
class GrantPages {

    private static final String PAGE = "/console/projects/{projectId}/grants";

    private final ProjectGrants grants;
    private final ProjectPages projects;

    GrantPages(ProjectGrants grants, ProjectPages projects) {
        this.grants = grants;
        this.projects = projects;
    }

    @GetMapping(PAGE)
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "grants", model);
        model.addAttribute("grants", grants.list(caller, project.id()));
        model.addAttribute("grantees", grants.grantees(caller, project.id()));
        model.addAttribute("roles", ProjectRole.values());
        return "console/grants";
    }

    /** Grants a role to the chosen subject, given as {@code <type>:<id>} (e.g. {@code user:42}); a refusal shows in the form's box. */
    @PostMapping(PAGE)
    String grant(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                 @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String role,
                 HttpServletResponse response) {
        int colon = subject.indexOf(':');
        String type = colon < 0 ? subject : subject.substring(0, colon);
        grants.grant(caller, Ids.parse(projectId, "project"), type, Ids.parse(subject.substring(colon + 1), "subject"), role);
        return refreshed(response);
    }

    /** Changes a subject's role; a refusal shows in the row's box. */
    @PostMapping(PAGE + "/{subjectType}/{subjectId}")
    String change(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String subjectType,
                  @PathVariable String subjectId, @RequestParam(defaultValue = "") String role, HttpServletResponse response) {
        grants.grant(caller, Ids.parse(projectId, "project"), subjectType, Ids.parse(subjectId, "subject"), role);
        return refreshed(response);
    }

    @PostMapping(PAGE + "/{subjectType}/{subjectId}/revoke")
    String revoke(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String subjectType,
                  @PathVariable String subjectId, HttpServletResponse response) {
        grants.revoke(caller, Ids.parse(projectId, "project"), subjectType, Ids.parse(subjectId, "subject"));
        return refreshed(response);
    }

    /** Has the page reload, so the list shows the grants as stored. */
    private static String refreshed(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }
}
