package dev.arena.identity.security;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;

/** Narrows a caller to the kind of credential an operation needs. */
public final class Callers {

    private Callers() {
    }

    /**
     * The caller as a signed-in user.
     *
     * @throws IdentityProblem.CredentialNotAllowed when the caller holds a project access token instead
     */
    public static ArenaPrincipal.UserSession session(ArenaPrincipal caller) {
        if (caller instanceof ArenaPrincipal.UserSession session) {
            return session;
        }
        throw new IdentityProblem.CredentialNotAllowed("This needs a signed-in user session, not a project access token.");
    }
}
