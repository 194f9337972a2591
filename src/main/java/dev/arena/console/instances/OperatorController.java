package dev.arena.console.instances;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.instances.OperatorInstances;
import dev.arena.instances.Origin;
import dev.arena.instances.PlayerInstances;
import dev.arena.platform.Ids;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletResponse;

/** Operators' view of every instance of a project, filtered by status, with a stop button on the live ones. */
@Controller
class OperatorController {

    /** The filter's choices: {@code live} (starting, running, stopping), a single status, or everything. */
    static final List<String> FILTERS = List.of("live", "starting", "running", "stopping", "stopped", "failed", "all");

    private final OperatorInstances operators;
    private final PlayerInstances players;
    private final ProjectPages projects;

    OperatorController(OperatorInstances operators, PlayerInstances players, ProjectPages projects) {
        this.operators = operators;
        this.players = players;
        this.projects = projects;
    }

    @GetMapping("/console/projects/{projectId}/instances")
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                @RequestParam(defaultValue = "live") String status, @RequestParam(required = false) @Nullable String cursor,
                Model model) {
        long project = projects.open(caller, projectId, "instances", model).id();
        String filter = FILTERS.contains(status) ? status : "live";
        var page = operators.list(caller, project, filter.equals("live"),
                filter.equals("live") || filter.equals("all") ? null : filter, cursor, 100);
        Map<String, String> names = players.challenges(caller, project).stream()
                .collect(Collectors.toMap(c -> Long.toString(c.id()), PlayerInstances.ChallengeSummary::name));
        model.addAttribute("page", page);
        model.addAttribute("names", names);
        model.addAttribute("filter", filter);
        model.addAttribute("filters", FILTERS);
        return "console/instances";
    }

    /** Stops one instance and has the page reload, so the list shows what the engine did. */
    @PostMapping("/console/projects/{projectId}/instances/{instanceId}/stop")
    String stop(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String instanceId,
                HttpServletResponse response) {
        operators.stopInstance(caller, Ids.parse(projectId, "project"), Ids.parse(instanceId, "instance"), Origin.CONSOLE);
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: stopped";
    }
}
