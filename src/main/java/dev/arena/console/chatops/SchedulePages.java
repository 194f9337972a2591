package dev.arena.console.chatops;

import dev.arena.chatops.OperatorContainers;
import dev.arena.chatops.ProjectSchedules;
import dev.arena.chatops.ProjectSchedules.ScheduleRequest;
import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.instances.PlayerInstances;
import dev.arena.platform.Ids;
import jakarta.servlet.http.HttpServletResponse;
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

/**
 * A project's scheduler: every schedule with its cron, zone, action, target, next run and last run (with its
 * outcome, skipped missed runs included); admins create, retime (cron and time zone), enable, disable and delete
 * them through the same {@link ProjectSchedules} the HTTP API uses.
 */
@Controller
class SchedulePages {

    static final List<String> ACTIONS = List.of("open", "close", "stop-all-instances", "start", "stop", "restart");
    static final List<String> MISSED = List.of("catch-up-once", "skip-and-report");
    /** A target's value in the form names its kind: {@code challenge:<id>} or {@code container:<name>}. */
    static final String CHALLENGE = "challenge:";
    static final String CONTAINER = "container:";

    private final ProjectSchedules schedules;
    private final PlayerInstances challenges;
    private final OperatorContainers containers;
    private final ProjectPages projects;

    SchedulePages(ProjectSchedules schedules, PlayerInstances challenges, OperatorContainers containers, ProjectPages projects) {
        this.schedules = schedules;
        this.challenges = challenges;
        this.containers = containers;
        this.projects = projects;
    }

    @GetMapping("/console/projects/{projectId}/schedules")
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                @RequestParam(required = false) @Nullable String cursor, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "schedules", model);
        boolean admin = project.role().atLeast(ProjectRole.ADMIN);
        Map<String, String> challengeNames = challenges.challenges(caller, project.id()).stream()
                .collect(Collectors.toMap(c -> Long.toString(c.id()), PlayerInstances.ChallengeSummary::name));
        model.addAttribute("page", schedules.list(caller, project.id(), cursor, 100));
        model.addAttribute("challengeNames", challengeNames);
        model.addAttribute("admin", admin);
        model.addAttribute("containerNames", admin ? containers.list(caller, project.id()).stream()
                .map(OperatorContainers.ManagedContainer::name).toList() : List.of());
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("missedPolicies", MISSED);
        return "console/schedules";
    }

    /** Creates a schedule from the form; its target is a challenge or a container, whichever the action needs. */
    @PostMapping("/console/projects/{projectId}/schedules")
    String create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String cron,
                  @RequestParam(defaultValue = "UTC") String zone, @RequestParam(defaultValue = "") String action,
                  @RequestParam(defaultValue = "") String target, @RequestParam(defaultValue = "catch-up-once") String missed,
                  HttpServletResponse response) {
        String challengeId = target.startsWith(CHALLENGE) ? target.substring(CHALLENGE.length()) : null;
        String container = target.startsWith(CONTAINER) ? target.substring(CONTAINER.length()) : null;
        schedules.create(caller, Ids.parse(projectId, "project"),
                new ScheduleRequest(name, cron, zone.isBlank() ? "UTC" : zone, action, challengeId, container, missed, true));
        return refreshed(response);
    }

    /** Changes when a schedule runs; a blank field keeps its value. A refusal shows in the row's own problem box. */
    @PostMapping("/console/projects/{projectId}/schedules/{scheduleId}/timing")
    String retime(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId,
                  @RequestParam(defaultValue = "") String cron, @RequestParam(defaultValue = "") String zone,
                  HttpServletResponse response) {
        schedules.change(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"),
                ScheduleRequest.timing(cron.isBlank() ? null : cron.strip(), zone.isBlank() ? null : zone.strip()));
        return refreshed(response);
    }

    @PostMapping("/console/projects/{projectId}/schedules/{scheduleId}/enabled")
    String enable(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId,
                  @RequestParam(defaultValue = "true") boolean enabled, HttpServletResponse response) {
        schedules.change(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"), ScheduleRequest.enabling(enabled));
        return refreshed(response);
    }

    @PostMapping("/console/projects/{projectId}/schedules/{scheduleId}/delete")
    String delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId,
                  HttpServletResponse response) {
        schedules.delete(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"));
        return refreshed(response);
    }

    /** Has the page reload, so the list shows the schedules as stored, next runs included. */
    private static String refreshed(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }
}
