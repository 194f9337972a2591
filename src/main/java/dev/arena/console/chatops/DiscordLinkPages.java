package dev.arena.console.chatops;

import dev.arena.chatops.DiscordAccounts;
import dev.arena.identity.ArenaPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The signed-in user's own Discord page: a one-time code, issued through the same {@link DiscordAccounts} as
 * {@code POST /v1/users/me/discord-link}, shown with its expiry and the {@code /arena link <code>} to type
 * in Discord.
 */
@Controller
class DiscordLinkPages {

    private static final String PAGE = "/console/discord-link";

    private final DiscordAccounts accounts;

    DiscordLinkPages(DiscordAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping(PAGE)
    String page() {
        return "console/discord-link";
    }

    /** A fresh code (earlier ones stop working), as the fragment that shows it. */
    @PostMapping(PAGE)
    String code(@AuthenticationPrincipal ArenaPrincipal caller, Model model) {
        model.addAttribute("link", accounts.newLinkCode(caller));
        return "console/fragments :: link-code";
    }
}
