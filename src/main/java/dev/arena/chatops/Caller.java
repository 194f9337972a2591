package dev.arena.chatops;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who issues a chat-ops command, and from where.
 *
 * @param source      Discord or the console
 * @param discordUser the Discord user id (Discord only); their linked Arena account acts
 * @param userId      the Arena user (console only; for Discord it is resolved from the link)
 * @param projectId   the project acted on (console only; for Discord it is the one the channel is mapped to)
 * @param channelId   the Discord channel (Discord only)
 * @param roleIds     the caller's Discord role ids in the server (Discord only)
 */
public record Caller(Source source, @Nullable String discordUser, @Nullable Long userId, @Nullable Long projectId,
                     @Nullable String channelId, List<String> roleIds) {

    public enum Source {
        DISCORD, CONSOLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Caller {
        roleIds = List.copyOf(roleIds);
    }

    /** A Discord member in a channel, with their server roles. */
    public static Caller discord(String discordUser, String channelId, List<String> roleIds) {
        return new Caller(Source.DISCORD, discordUser, null, null, channelId, roleIds);
    }

    /** A signed-in Arena user in the console, acting on a project. */
    public static Caller console(long userId, long projectId) {
        return new Caller(Source.CONSOLE, null, userId, projectId, null, List.of());
    }

    /** How the audit log names the caller. */
    public String actor() {
        return source == Source.DISCORD ? "discord:" + discordUser : "user:" + userId;
    }
}
