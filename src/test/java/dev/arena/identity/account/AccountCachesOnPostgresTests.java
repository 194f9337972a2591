package dev.arena.identity.account;

import static dev.arena.support.SecondNode.AT_ONCE;
import static dev.arena.support.SecondNode.seenWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.IdentitySettings;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two nodes on one PostgreSQL database: this test's Arena (the first node, changed over HTTP) and a
 * {@link SecondNode}'s {@link Users} and {@link Sessions} over its own shared caches. A logout and a
 * password change on the first node are what the second serves within a second, though it had cached the
 * session and the user.
 */
@ArenaTest
@OnPostgres
class AccountCachesOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    Ids ids;

    @Autowired
    IdentitySettings settings;

    private SecondNode second;
    private Users secondUsers;
    private Sessions secondSessions;

    @BeforeEach
    void startSecondNode() {
        second = SecondNode.start();
        secondUsers = new Users(second.jdbc(), second.caches());
        secondSessions = new Sessions(second.jdbc(), ids, Clock.systemUTC(), settings, secondUsers, second.caches());
    }

    @AfterEach
    void stopSecondNode() {
        second.close();
    }

    @Test
    void aSessionLoggedOutOnTheFirstNodeIsRefusedByTheSecondAtOnce() {
        Api ada = Api.signedIn(port, "shared-logout");
        String token = ada.bearerToken();
        assertThat(secondSessions.authenticate(token)).isPresent();

        assertThat(ada.post("/v1/auth/logout", null).status()).isEqualTo(204);

        seenWithin(AT_ONCE, () -> secondSessions.authenticate(token), Optional::isEmpty);
    }

    @Test
    void aPasswordChangedOnTheFirstNodeIsInTheUserTheSecondReadsAtOnce() {
        Api ada = Api.signedIn(port, "shared-password");
        long id = Long.parseLong(ada.get("/v1/users/me").text("id"));
        String before = secondUsers.byId(id).orElseThrow().passwordHash();

        var changed = ada.post("/v1/users/me/password", Map.of("currentPassword", Api.PASSWORD, "newPassword", "another horse battery"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        seenWithin(AT_ONCE, () -> secondUsers.byId(id).orElseThrow().passwordHash(), hash -> !hash.equals(before));
    }
}
