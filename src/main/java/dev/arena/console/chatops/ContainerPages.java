package dev.arena.console.chatops;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.chatops.OperatorContainers;
import dev.arena.chatops.Reply;
import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's managed containers for its managers: state, start / stop / restart and the last lines of the
 * logs. Actions go through chat-ops' command layer, so a refusal or an engine failure comes back as a reply,
 * shown here as a problem in the page's alert box with the reply's words. Admins choose which containers are
 * managed and what each allows, through the same {@link OperatorContainers} the HTTP API uses; a refusal shows
 * in the form's own box.
 */
@Controller
class ContainerPages {

    private final OperatorContainers containers;
    private final ProjectPages projects;

    ContainerPages(OperatorContainers containers, ProjectPages projects) {
        this.containers = containers;
        this.projects = projects;
    }

    @GetMapping("/console/projects/{projectId}/containers")
    String list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "containers", model);
        model.addAttribute("containers", containers.list(caller, project.id()));
        model.addAttribute("actions", ContainerAction.values());
        model.addAttribute("admin", project.role().atLeast(ProjectRole.ADMIN));
        return "console/containers";
    }

    /** Manages a container under a name with the checked actions, or changes the container or actions of a name. */
    @PostMapping("/console/projects/{projectId}/containers")
    String manage(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String containerId,
                  @RequestParam(required = false) @Nullable List<String> actions, HttpServletResponse response) {
        containers.manage(caller, Ids.parse(projectId, "project"), name.strip(), containerId.strip(), actions == null ? List.of() : actions);
        return refreshed(response);
    }

    /** Stops managing a container; the container itself is left as it is. */
    @PostMapping("/console/projects/{projectId}/containers/{name}/delete")
    String release(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name,
                   HttpServletResponse response) {
        containers.release(caller, Ids.parse(projectId, "project"), name);
        return refreshed(response);
    }

    /** Does one action; a state change has the list reload itself (htmx event {@code containers-changed}). */
    @PostMapping("/console/projects/{projectId}/containers/{name}/{action}")
    String act(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name,
               @PathVariable String action, Model model, HttpServletResponse response) {
        long project = Ids.parse(projectId, "project");
        ContainerAction what = ContainerAction.fromWire(action)
                .orElseThrow(() -> new InvalidValue("action", "one of start, stop, restart, logs"));
        Reply reply = containers.act(caller, project, name, what);
        if (reply.outcome() != Reply.Outcome.OK) {
            return problem(reply, model, response);
        }
        if (what != ContainerAction.LOGS) {
            response.setHeader("HX-Trigger", "containers-changed");
        }
        model.addAttribute("reply", reply);
        model.addAttribute("logs", what == ContainerAction.LOGS);
        return "console/fragments :: container-reply";
    }

    /** Has the page reload, so the list shows the managed containers as stored. */
    private static String refreshed(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }

    /**
     * A refusal or failure (never an OK reply) as the console shows every problem: the problem fragment in
     * the page's alert box, with a status that says which kind it is — 403 for a missing permission, 409 for
     * a rule of the data (an unknown container, a cooldown), 503 when the container engine did not do it.
     */
    private static String problem(Reply reply, Model model, HttpServletResponse response) {
        boolean denied = reply.outcome() == Reply.Outcome.DENIED;
        boolean refused = reply.outcome() == Reply.Outcome.REFUSED;
        int status = denied ? HttpServletResponse.SC_FORBIDDEN : refused ? HttpServletResponse.SC_CONFLICT
                : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        response.setStatus(status);
        response.setHeader("HX-Retarget", "#flash");
        response.setHeader("HX-Reswap", "innerHTML");
        model.addAttribute("status", status);
        model.addAttribute("title", denied ? "Not allowed" : refused ? "Refused" : "Engine unavailable");
        model.addAttribute("detail", reply.text());
        model.addAttribute("htmx", true);
        return "console/problem :: problem";
    }
}
