package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordAccounts;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import org.springframework.stereotype.Service;

/** Link codes for signed-in users, for the console and the HTTP route alike. */
@Service
class DiscordAccountService implements DiscordAccounts {

    private final DiscordLinks links;

    DiscordAccountService(DiscordLinks links) {
        this.links = links;
    }

    @Override
    public LinkCode newLinkCode(ArenaPrincipal caller) {
        return links.newCode(signedIn(caller));
    }

    @Override
    public int unlink(ArenaPrincipal caller) {
        return links.unlink(signedIn(caller));
    }

    private static long signedIn(ArenaPrincipal caller) {
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Linking Discord needs a signed-in user, not a project token.");
        }
        return session.userId();
    }
}
