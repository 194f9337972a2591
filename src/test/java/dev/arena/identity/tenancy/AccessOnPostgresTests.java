package dev.arena.identity.tenancy;

import static dev.arena.support.SecondNode.AT_ONCE;
import static dev.arena.support.SecondNode.seenWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Db;
import dev.arena.platform.ResourceNotFound;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes on one PostgreSQL database: this test's Arena (the first node, changed over HTTP) and a
 * {@link SecondNode}'s {@link Access} over its own shared caches. A grant given or taken, or a project
 * deleted, on the first node is what the second answers within a second.
 */
@ArenaTest
@OnPostgres
class AccessOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private SecondNode second;
    private Access secondAccess;

    @BeforeEach
    void startSecondNode() {
        second = SecondNode.start();
        secondAccess = new Access(second.jdbc(), second.caches());
    }

    @AfterEach
    void stopSecondNode() {
        second.close();
    }

    @Test
    void aGrantGivenAndTakenOnTheFirstNodeIsTheSecondsAnswerAtOnce() {
        Api alice = Api.signedIn(port, "access-owner");
        String org = alice.createOrg("access-grants");
        String project = alice.createProject(org, "access-grants");
        long bob = userId(Api.signedIn(port, "access-member"));
        jdbc.sql("INSERT INTO org_members (org_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)")
                .params(Long.parseLong(org), bob, Db.ts(Instant.now())).update();
        String grant = "/v1/projects/" + project + "/grants/user/" + bob;
        assertThat(secondRole(bob, project)).as("no grant yet, and the answer is cached").isNull();

        assertThat(alice.put(grant, Map.of("role", "writer")).status()).isEqualTo(200);
        seenWithin(AT_ONCE, () -> secondRole(bob, project), role -> role == ProjectRole.WRITER);

        assertThat(alice.delete(grant).status()).isEqualTo(204);
        seenWithin(AT_ONCE, () -> secondRole(bob, project), role -> role == null);
    }

    @Test
    void aProjectDeletedOnTheFirstNodeIsGoneOnTheSecondAtOnce() {
        Api alice = Api.signedIn(port, "access-deleter");
        String project = alice.createProject(alice.createOrg("access-deleted"), "access-deleted");
        long aliceId = userId(alice);
        assertThat(secondRole(aliceId, project)).isEqualTo(ProjectRole.ADMIN);

        assertThat(alice.delete("/v1/projects/" + project).status()).isEqualTo(204);

        seenWithin(AT_ONCE, () -> secondRole(aliceId, project), role -> role == null);
    }

    /** The user's role in the project as the second node answers it, null when it says there is no such project. */
    private @Nullable ProjectRole secondRole(long userId, String project) {
        try {
            return secondAccess.require(new ArenaPrincipal.UserSession(userId, 1), Long.parseLong(project), ProjectRole.READER);
        } catch (ResourceNotFound none) {
            return null;
        }
    }

    private static long userId(Api user) {
        return Long.parseLong(user.get("/v1/users/me").text("id"));
    }
}
