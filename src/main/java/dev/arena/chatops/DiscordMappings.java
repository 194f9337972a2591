package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A project's Discord role and channel mappings, shared by the HTTP API and the console: managers see them, admins
 * change them. A Discord role gives its members that project role; a mapped channel is where the project's
 * commands are taken, and its role caps what any command there may do. Callers who may not see the project get
 * {@link dev.arena.platform.ResourceNotFound}, callers below the needed role
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}.
 */
public interface DiscordMappings {

    /** A Discord role or channel and the project role it maps to. @param kind {@code role} or {@code channel} */
    record Mapping(String kind, String discordId, ProjectRole role) {
    }

    /** The project's mappings, by kind and Discord id (managers). */
    List<Mapping> list(ArenaPrincipal caller, long projectId);

    /**
     * Maps a Discord role or channel to a project role, replacing any role it mapped to (admins). A channel
     * takes the commands of one project: the first to map it holds it until it removes the mapping.
     *
     * @param kind {@code role} or {@code channel}
     * @param role {@code reader}, {@code writer}, {@code manager} or {@code admin}
     * @throws dev.arena.platform.InvalidValue naming {@code kind}, {@code discordId} (not a number) or {@code role}
     * @throws ChannelTaken                    when another project has mapped the channel
     */
    Mapping map(ArenaPrincipal caller, long projectId, String kind, String discordId, @Nullable String role);

    /**
     * Removes a mapping (admins).
     *
     * @throws dev.arena.platform.InvalidValue     naming {@code kind} or {@code discordId} when malformed
     * @throws dev.arena.platform.ResourceNotFound when the project has no such mapping
     */
    void unmap(ArenaPrincipal caller, long projectId, String kind, String discordId);

    /**
     * A channel is already mapped to another project (answered 409 naming {@code discordId}); which project is
     * not said, since it may be another tenant's.
     */
    final class ChannelTaken extends RuntimeException {
        public ChannelTaken(String channelId) {
            super("The Discord channel " + channelId + " is mapped to another project; a channel takes one project's commands.",
                    null, false, false);
        }

        /** The request field at fault. */
        public String field() {
            return "discordId";
        }
    }
}
