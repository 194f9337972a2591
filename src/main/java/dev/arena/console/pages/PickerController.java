package dev.arena.console.pages;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.Workspaces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's home: the caller's organisations, each with the projects they can see. */
@Controller
class PickerController {

    private final Workspaces workspaces;

    PickerController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping({ConsoleConfiguration.ROOT, ConsoleConfiguration.ROOT + "/"})
    String home(@AuthenticationPrincipal ArenaPrincipal caller, Model model) {
        Map<Workspaces.Org, List<Workspaces.Project>> orgs = new LinkedHashMap<>();
        for (Workspaces.Org org : workspaces.orgs(caller)) {
            orgs.put(org, workspaces.projects(caller, org.id()));
        }
        model.addAttribute("orgs", orgs);
        return "console/home";
    }
}
