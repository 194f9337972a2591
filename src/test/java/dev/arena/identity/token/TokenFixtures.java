package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Fixtures for the token scenarios: a user who owns an org and a project, and what they mint. */
final class TokenFixtures {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TokenFixtures() {
    }

    /** An owner, signed in with a CLI session, of a fresh org with one project. */
    record Owned(Api owner, String orgId, String projectId) {

        static Owned create(int port, String who) {
            Api owner = Api.signedIn(port, who);
            String orgId = owner.createOrg(who + "'s org");
            return new Owned(owner, orgId, owner.createProject(orgId, who + "'s project"));
        }

        String tokensPath() {
            return "/v1/orgs/" + orgId + "/projects/" + projectId + "/tokens";
        }

        String clientsPath() {
            return "/v1/orgs/" + orgId + "/clients";
        }

        /** Mints tokens for the owner and returns the OAuth answer; fails unless 201. */
        Api.Response mint(String role) {
            var minted = owner.post(tokensPath(), Map.of("role", role));
            assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
            return minted;
        }

        long userId() {
            return Long.parseLong(owner.get("/v1/users/me").text("id"));
        }
    }

    /** Grants an API client a role on the owner's project through the grants API. */
    static void grantClient(Owned org, String clientId, String role) {
        var granted = org.owner().put("/v1/projects/" + org.projectId() + "/grants/client/" + clientId, Map.of("role", role));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
    }

    /** Adds a user to an org with a role, as accepting an invitation will. */
    static void addMember(JdbcClient jdbc, String orgId, long userId, String role) {
        jdbc.sql("INSERT INTO org_members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)")
                .params(Long.parseLong(orgId), userId, role, Db.ts(Instant.now())).update();
    }

    /** An RFC 7523 client assertion signed with {@code signer}, its header naming certificate {@code kid}. */
    static String assertion(EdDsa.Signer signer, String kid, String clientId, String audience, Instant expiresAt, String jti) {
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"aud\":\"" + audience + "\",\"exp\":"
                + expiresAt.getEpochSecond() + ",\"iat\":" + Instant.now().getEpochSecond() + ",\"jti\":\"" + jti + "\"}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
