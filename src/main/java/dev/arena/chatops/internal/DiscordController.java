package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordAccounts;
import dev.arena.chatops.DiscordMappings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Ids;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Linking a Discord account to the signed-in user (a one-time code redeemed with {@code /arena link}), and a
 * project's Discord role and channel mappings (managers read, admins change; {@link DiscordMappings}, as in the console).
 */
@RestController
@Tag(name = "Discord")
class DiscordController {

    private final DiscordAccounts accounts;
    private final DiscordMappings mappings;

    DiscordController(DiscordAccounts accounts, DiscordMappings mappings) {
        this.accounts = accounts;
        this.mappings = mappings;
    }

    record MappingView(String kind, String discordId, String role) {
        static MappingView of(DiscordMappings.Mapping m) {
            return new MappingView(m.kind(), m.discordId(), m.role().wireName());
        }
    }

    record RoleBody(@Nullable String role) {
    }

    @PostMapping("/v1/users/me/discord-link")
    @ResponseStatus(HttpStatus.CREATED)
    DiscordAccounts.LinkCode linkCode(@AuthenticationPrincipal ArenaPrincipal caller) {
        return accounts.newLinkCode(caller);
    }

    @DeleteMapping("/v1/users/me/discord-link")
    ResponseEntity<Void> unlink(@AuthenticationPrincipal ArenaPrincipal caller) {
        if (accounts.unlink(caller) == 0) {
            throw new ResourceNotFound("discord-link");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/projects/{projectId}/discord-roles")
    Map<String, List<MappingView>> mappings(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        return Map.of("items", mappings.list(caller, Ids.parse(projectId, "project")).stream().map(MappingView::of).toList());
    }

    @PutMapping("/v1/projects/{projectId}/discord-roles/{kind}/{discordId}")
    MappingView map(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String kind,
                    @PathVariable String discordId, @RequestBody RoleBody body) {
        return MappingView.of(mappings.map(caller, Ids.parse(projectId, "project"), kind, discordId, body.role()));
    }

    @DeleteMapping("/v1/projects/{projectId}/discord-roles/{kind}/{discordId}")
    ResponseEntity<Void> unmap(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String kind,
                               @PathVariable String discordId) {
        mappings.unmap(caller, Ids.parse(projectId, "project"), kind, discordId);
        return ResponseEntity.noContent().build();
    }
}
