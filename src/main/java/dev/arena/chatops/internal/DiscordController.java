package dev.arena.chatops.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * project's Discord role and channel mappings (managers read, admins change).
 */
@RestController
@Tag(name = "Discord")
class DiscordController {

    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,25}");

    private final DiscordLinks links;
    private final DiscordRoles roles;
    private final ProjectAccess access;

    DiscordController(DiscordLinks links, DiscordRoles roles, ProjectAccess access) {
        this.links = links;
        this.roles = roles;
        this.access = access;
    }

    record CodeView(String code, Instant expiresAt) {
    }

    record MappingView(String kind, String discordId, String role) {
        static MappingView of(DiscordRoles.Mapping m) {
            return new MappingView(m.kind().wireName(), m.discordId(), m.role().wireName());
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
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.MANAGER);
        return Map.of("items", roles.of(project).stream().map(MappingView::of).toList());
    }

    @PutMapping("/v1/projects/{projectId}/discord-roles/{kind}/{discordId}")
    MappingView map(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String kind,
                    @PathVariable String discordId, @RequestBody RoleBody body) {
        long project = admin(caller, projectId);
        ProjectRole role;
        try {
            role = ProjectRole.fromWire(body.role() == null ? "" : body.role());
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("role", "one of reader, writer, manager, admin");
        }
        var mapping = new DiscordRoles.Mapping(project, kind(kind), snowflake(discordId), role);
        roles.put(mapping);
        return MappingView.of(mapping);
    }

    @DeleteMapping("/v1/projects/{projectId}/discord-roles/{kind}/{discordId}")
    ResponseEntity<Void> unmap(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String kind,
                               @PathVariable String discordId) {
        long project = admin(caller, projectId);
        if (!roles.remove(project, kind(kind), snowflake(discordId))) {
            throw new ResourceNotFound("discord-role");
        }
        return ResponseEntity.noContent().build();
    }

    private long admin(ArenaPrincipal caller, String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        return project;
    }

    private static DiscordRoles.Kind kind(String kind) {
        return DiscordRoles.Kind.fromWire(kind).orElseThrow(() -> new InvalidValue("kind", "role or channel"));
    }

    private static String snowflake(String id) {
        if (!SNOWFLAKE.matcher(id).matches()) {
            throw new InvalidValue("discordId", "a Discord id is a number");
        }
        return id;
    }

    private static long signedIn(ArenaPrincipal caller) {
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Linking Discord needs a signed-in user, not a project token.");
        }
        return session.userId();
    }
}
