package dev.arena.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.RecordedMail;
import java.util.Map;

/** Steps that tenancy tests take again and again: who a client is, and bringing a user into an org. */
public final class Tenants {

    private Tenants() {
    }

    public static String userId(Api user) {
        return user.get("/v1/users/me").text("id");
    }

    public static String email(Api user) {
        return user.get("/v1/users/me").text("email");
    }

    /** Invites the user as {@code role} and accepts with the mailed token; returns the invitation's id. */
    public static String join(Api admin, String orgId, Api user, String role, RecordedMail mail) {
        String email = email(user);
        var invited = admin.post("/v1/orgs/" + orgId + "/invitations", Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        var accepted = user.post("/v1/invitations/accept", Map.of("token", invitationToken(mail, email)));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        return invited.text("id");
    }

    public static String invitationToken(RecordedMail mail, String email) {
        return mail.lastToken(email, "ari_").orElseThrow(() -> new AssertionError("no invitation mailed to " + email));
    }

    static Map<String, String> role(String role) {
        return Map.of("role", role);
    }
}
