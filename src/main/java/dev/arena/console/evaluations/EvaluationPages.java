package dev.arena.console.evaluations;

import dev.arena.console.pages.ProjectPages;
import dev.arena.evaluations.EvaluationQueue;
import dev.arena.evaluations.Language;
import dev.arena.evaluations.ProjectEvaluations;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.Workspaces;
import dev.arena.platform.Ids;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's evaluations: a form to submit a program (the languages of {@code GET /v1/languages}), its
 * result polled until it arrives, the latest outcomes with retry and cancel — a player's own, or all of the
 * project's for writers and up; and Arena's queue for its
 * operators. Everything goes through {@link ProjectEvaluations} and {@link EvaluationQueue}.
 */
@Controller
class EvaluationPages {

    private static final String PAGE = "/console/projects/{projectId}/evaluations";
    private static final int RECENT = 20;

    private final ProjectEvaluations evaluations;
    private final EvaluationQueue queue;
    private final ProjectPages projects;

    EvaluationPages(ProjectEvaluations evaluations, EvaluationQueue queue, ProjectPages projects) {
        this.evaluations = evaluations;
        this.queue = queue;
        this.projects = projects;
    }

    @GetMapping(PAGE)
    String page(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "evaluations", model);
        model.addAttribute("languages", Language.ALL);
        model.addAttribute("recent", evaluations.recent(caller, project.id(), null, RECENT));
        return "console/evaluations";
    }

    @PostMapping(PAGE)
    String submit(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                  @RequestParam(defaultValue = "") String language, @RequestParam(defaultValue = "") String source,
                  @RequestParam(defaultValue = "") String stdin, Model model) {
        model.addAttribute("e", evaluations.submit(caller, Ids.parse(projectId, "project"), language, source, stdin));
        return "console/fragments :: evaluation";
    }

    /** The evaluation's result box; while it has none, the box asks again in a second. */
    @GetMapping(PAGE + "/{evaluationId}")
    String result(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String evaluationId,
                  Model model) {
        model.addAttribute("e", evaluations.get(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation")));
        return "console/fragments :: evaluation";
    }

    @PostMapping(PAGE + "/{evaluationId}/retry")
    String retry(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String evaluationId,
                 Model model) {
        model.addAttribute("e", evaluations.retry(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation")));
        return "console/fragments :: evaluation";
    }

    @PostMapping(PAGE + "/{evaluationId}/cancel")
    String cancel(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String evaluationId,
                  Model model) {
        model.addAttribute("e", evaluations.cancel(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation")));
        return "console/fragments :: evaluation";
    }

    /** Arena's queue across projects, for its operators (others get a 403 page). */
    @GetMapping("/console/queue")
    String queue(@AuthenticationPrincipal ArenaPrincipal caller, Model model) {
        model.addAttribute("queue", queue.snapshot(caller));
        return "console/queue";
    }
}
