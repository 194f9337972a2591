package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordMappings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** {@link DiscordMappings} over {@link DiscordRoles}: who may see and change them, and what a mapping may say. */
@Service
class DiscordMappingService implements DiscordMappings {

    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,25}");

    private final DiscordRoles roles;
    private final ProjectAccess access;
    private final ChangeAudit changes;

    DiscordMappingService(DiscordRoles roles, ProjectAccess access, ChangeAudit changes) {
        this.changes = changes;
        this.roles = roles;
        this.access = access;
    }

    @Override
    public List<Mapping> list(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return roles.of(projectId).stream().map(DiscordMappingService::mapping).toList();
    }

    @Override
    public Mapping map(ArenaPrincipal caller, long projectId, String kind, String discordId, @Nullable String role) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        var mapping = new DiscordRoles.Mapping(projectId, kind(kind), snowflake(discordId), role(role));
        roles.put(mapping);
        changes.changed(caller, projectId, "discord map", mapping.kind().wireName() + " " + mapping.discordId(),
                "maps to project role " + mapping.role().wireName());
        return mapping(mapping);
    }

    @Override
    public void unmap(ArenaPrincipal caller, long projectId, String kind, String discordId) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        if (!roles.remove(projectId, kind(kind), snowflake(discordId))) {
            throw new ResourceNotFound("discord-role");
        }
        changes.changed(caller, projectId, "discord unmap", kind + " " + discordId, "mapping removed");
    }

    private static Mapping mapping(DiscordRoles.Mapping m) {
        return new Mapping(m.kind().wireName(), m.discordId(), m.role());
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

    private static ProjectRole role(@Nullable String role) {
        try {
            return ProjectRole.fromWire(role == null ? "" : role);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("role", "one of reader, writer, manager, admin");
        }
    }
}
