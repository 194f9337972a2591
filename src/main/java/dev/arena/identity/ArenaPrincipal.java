package dev.arena.identity;

import org.jspecify.annotations.Nullable;

/** Who is calling: a signed-in user, or the bearer of a project access token. */
public sealed interface ArenaPrincipal {

    /** The user behind the call, or null for an API client's token. */
    @Nullable Long user();

    /** A user signed in with a session (cookie or bearer). */
    record UserSession(long userId, long sessionId) implements ArenaPrincipal {
        @Override
        public Long user() {
            return userId;
        }
    }

    /**
     * The bearer of an access token, good for one project with at most {@code role}. Minted for a user
     * ({@code userId} set) or for an API client ({@code clientId} set).
     */
    record ProjectToken(long projectId, ProjectRole role, @Nullable Long userId, @Nullable Long clientId,
                        String tokenId) implements ArenaPrincipal {
        @Override
        public @Nullable Long user() {
            return userId;
        }
    }
}
