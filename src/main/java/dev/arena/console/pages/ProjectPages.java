package dev.arena.console.pages;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.platform.Ids;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The project a console page is about: looked up as the caller sees it (another tenant's project is a
 * 404 page) and put in the model for the page header and its navigation.
 */
@Component
public class ProjectPages {

    private final Workspaces workspaces;

    ProjectPages(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /**
     * The project with the caller's role, added to the model as {@code project} with {@code writer} (whether
     * the caller writes to it), {@code operator} (whether the caller manages it) and {@code section} (which
     * navigation entry is current).
     *
     * @throws dev.arena.platform.ResourceNotFound when the caller may not see it
     */
    public Workspaces.Project open(ArenaPrincipal caller, String projectId, String section, Model model) {
        Workspaces.Project project = workspaces.project(caller, Ids.parse(projectId, "project"));
        model.addAttribute("project", project);
        model.addAttribute("writer", project.role().atLeast(ProjectRole.WRITER));
        model.addAttribute("operator", project.role().atLeast(ProjectRole.MANAGER));
        model.addAttribute("section", section);
        return project;
    }
}
