package dev.arena.console.instances;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.instances.Origin;
import dev.arena.instances.ProjectChallenges;
import dev.arena.platform.Ids;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's challenges as their authors set them up: readers see the list, writers create, change and delete
 * challenges through the same {@link ProjectChallenges} the HTTP API uses, so the same rules accept or refuse a
 * challenge; a refused form shows the problem in its own box, with the field it names marked.
 */
@Controller
class ChallengePages {

    private static final String PAGE = "/console/projects/{projectId}/challenges";

    private final ProjectChallenges challenges;
    private final ProjectPages projects;

    ChallengePages(ProjectChallenges challenges, ProjectPages projects) {
        this.challenges = challenges;
        this.projects = projects;
    }

    @GetMapping(PAGE)
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                @RequestParam(required = false) @Nullable String cursor, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "setup", model);
        model.addAttribute("page", challenges.list(caller, project.id(), cursor, 50));
        return "console/challenge-setup";
    }

    @GetMapping(PAGE + "/new")
    String blank(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        writerOf(caller, projectId, model);
        model.addAttribute("form", ChallengeForm.blank());
        model.addAttribute("challengeId", null);
        return "console/challenge-form";
    }

    @GetMapping(PAGE + "/{challengeId}/edit")
    String edit(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                Model model) {
        long project = writerOf(caller, projectId, model);
        model.addAttribute("form", ChallengeForm.of(challenges.get(caller, project, Ids.parse(challengeId, "challenge"))));
        model.addAttribute("challengeId", challengeId);
        return "console/challenge-form";
    }

    /** Creates a challenge from the form; the caller's role is checked before the form is read. */
    @PostMapping(PAGE)
    String create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @ModelAttribute ChallengeForm form,
                  Model model, HttpServletResponse response) {
        long project = writerOf(caller, projectId, model);
        challenges.create(caller, project, form.request());
        return backToList(project, response);
    }

    /** Changes a challenge to what the form says; the caller's role is checked before the form is read. */
    @PostMapping(PAGE + "/{challengeId}")
    String change(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                  @ModelAttribute ChallengeForm form, Model model, HttpServletResponse response) {
        long project = writerOf(caller, projectId, model);
        challenges.change(caller, project, Ids.parse(challengeId, "challenge"), form.request());
        return backToList(project, response);
    }

    @PostMapping(PAGE + "/{challengeId}/delete")
    String delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                  HttpServletResponse response) {
        long project = Ids.parse(projectId, "project");
        challenges.delete(caller, project, Ids.parse(challengeId, "challenge"), Origin.CONSOLE);
        return backToList(project, response);
    }

    /** The project, for a page only its writers may open. @throws IdentityProblem.RoleRequired below writer */
    private long writerOf(ArenaPrincipal caller, String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "setup", model);
        if (!project.role().atLeast(ProjectRole.WRITER)) {
            throw new IdentityProblem.RoleRequired(ProjectRole.WRITER.wireName());
        }
        return project.id();
    }

    /** Has the browser show the list, which then holds the challenges as stored. */
    private static String backToList(long projectId, HttpServletResponse response) {
        response.setHeader("HX-Redirect", "/console/projects/" + projectId + "/challenges");
        return "console/fragments :: done";
    }
}
