package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordMappings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.platform.Ids;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
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

    private final DiscordLinks links;
    private final DiscordMappings mappings;

    DiscordController(DiscordLinks links, DiscordMappings mappings) {
        this.links = links;
        this.mappings = mappings;
    }

    record CodeView(String code, Instant expiresAt) {
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
    CodeView linkCode(@AuthenticationPrincipal ArenaPrincipal caller) {
        DiscordLinks.Code code = links.newCode(signedIn(caller));
        return new CodeView(code.code(), code.expiresAt());
    }

    @DeleteMapping("/v1/users/me/discord-link")
    ResponseEntity<Void> unlink(@AuthenticationPrincipal ArenaPrincipal caller) {
        if (links.unlink(signedIn(caller)) == 0) {
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

    private static long signedIn(ArenaPrincipal caller) {
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Linking Discord needs a signed-in user, not a project token.");
        }
        return session.userId();
    }
}
