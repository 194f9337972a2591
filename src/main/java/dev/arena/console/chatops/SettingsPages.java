package dev.arena.console.chatops;

import dev.arena.chatops.OperatorSettings;
import dev.arena.chatops.SecretSettings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.ResourceNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Arena's runtime settings for its operators: which are set, when and by whom; set, replace or clear one.
 * A value is typed in and never shown again, here as in the HTTP API.
 */
@Controller
class SettingsPages {

    /** The names Arena itself reads, offered as suggestions; any well-formed name can be set. */
    static final List<String> KNOWN = List.of(SecretSettings.DISCORD_TOKEN, SecretSettings.DISCORD_ALERT_CHANNEL,
            SecretSettings.DISCORD_GUILD);

    private final OperatorSettings settings;

    SettingsPages(OperatorSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/console/settings")
    String list(@AuthenticationPrincipal ArenaPrincipal caller, Model model) {
        model.addAttribute("settings", settings.list(caller));
        model.addAttribute("known", KNOWN);
        model.addAttribute("section", "settings");
        return "console/settings";
    }

    @PostMapping("/console/settings")
    String put(@AuthenticationPrincipal ArenaPrincipal caller, @RequestParam(defaultValue = "") String name,
               @RequestParam(defaultValue = "") String value, HttpServletResponse response) {
        settings.put(caller, name.strip(), value);
        return refreshed(response);
    }

    @PostMapping("/console/settings/{name}/clear")
    String clear(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name, HttpServletResponse response) {
        if (!settings.clear(caller, name)) {
            throw new ResourceNotFound("setting");
        }
        return refreshed(response);
    }

    private static String refreshed(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }
}
