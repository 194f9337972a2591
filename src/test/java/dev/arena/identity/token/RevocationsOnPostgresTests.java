package dev.arena.identity.token;

import static dev.arena.support.SecondNode.AT_ONCE;
import static dev.arena.support.SecondNode.seenWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes on one PostgreSQL database: this test's Arena (the first node) and a {@link SecondNode}'s
 * {@link Revocations} over its own shared caches. A project's revoke-all (over HTTP) and a refresh family's
 * revocation on the first node make the second refuse the tokens concerned within a second, though it
 * had cached them as good.
 */
@ArenaTest
@OnPostgres
class RevocationsOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    Ids ids;

    @Autowired
    Revocations revocations;

    @Autowired
    TokenSettings settings;

    @Autowired
    TransactionTemplate transactions;

    private SecondNode second;
    private Revocations secondRevocations;

    @BeforeEach
    void startSecondNode() {
        second = SecondNode.start();
        secondRevocations = new Revocations(second.jdbc(), Clock.systemUTC(), settings, second.caches());
    }

    @AfterEach
    void stopSecondNode() {
        second.close();
    }

    @Test
    void aRevokeAllOnTheFirstNodeIsHonouredOnTheSecondAtOnce() {
        var ada = TokenFixtures.Owned.create(port, "revoke-all");
        AccessTokens.Claims token = claims(Long.parseLong(ada.projectId()), null);
        assertThat(secondRevocations.revoked(token)).isFalse();

        var revoked = ada.owner().post("/v1/projects/" + ada.projectId() + "/tokens/revoke", null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        seenWithin(AT_ONCE, () -> secondRevocations.revoked(token), yes -> yes);
    }

    @Test
    void aFamilyRevokedOnTheFirstNodeIsRefusedOnTheSecondAtOnce() {
        var ada = TokenFixtures.Owned.create(port, "revoke-family");
        long family = ids.next();
        AccessTokens.Claims token = claims(Long.parseLong(ada.projectId()), family);
        assertThat(secondRevocations.revoked(token)).isFalse();

        transactions.executeWithoutResult(tx -> revocations.revokeFamily(family, Instant.now()));

        seenWithin(AT_ONCE, () -> secondRevocations.revoked(token), yes -> yes);
    }

    /** A user's reader token of the project issued now, from refresh family {@code family}. */
    private AccessTokens.Claims claims(long projectId, @Nullable Long family) {
        return new AccessTokens.Claims(ids.next(), projectId, ProjectRole.READER, 1L, null, null, family,
                Instant.now().plusSeconds(3600));
    }
}
