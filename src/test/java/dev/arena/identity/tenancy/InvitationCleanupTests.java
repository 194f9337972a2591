package dev.arena.identity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The cleanup job removes expired invitations and leaves pending ones. */
@ArenaTest
class InvitationCleanupTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InvitationCleanup cleanup;

    @Test
    void expiredInvitationsAreRemovedAndPendingOnesKept() {
        Api owner = Api.signedIn(port, "owner");
        long orgId = Long.parseLong(owner.createOrg("Cleaning"));
        String expired = owner.post("/v1/orgs/" + orgId + "/invitations", Map.of("email", Api.email("late"), "role", "member")).text("id");
        String pending = owner.post("/v1/orgs/" + orgId + "/invitations", Map.of("email", Api.email("soon"), "role", "member")).text("id");
        jdbc.sql("UPDATE invitations SET expires_at = ? WHERE id = ?").params(Db.ts(Instant.now().minusSeconds(1)), Long.parseLong(expired)).update();

        cleanup.removeExpired();

        assertThat(jdbc.sql("SELECT id FROM invitations WHERE org_id = ?").param(orgId).query(Long.class).list())
                .containsExactly(Long.parseLong(pending));
    }
}
