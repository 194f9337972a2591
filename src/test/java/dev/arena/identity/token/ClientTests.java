package dev.arena.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** API clients, their certificates and the client-credentials grant, through HTTP. */
@ArenaTest
class ClientTests {

    static final String AUDIENCE = "arena";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessTokenVerification verifier;

    /** A client of ada's org with an uploaded certificate and a grant on ada's project. */
    record Registered(TokenFixtures.Owned org, String clientId, String certificateId, EdDsa.Signer key) {
    }

    Registered registered(String grantedRole) {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String clientId = ada.owner().post(ada.clientsPath(), Map.of("name", "ci")).text("id");
        EdDsa.KeyPair pair = EdDsa.generate();
        var certificate = ada.owner().post(ada.clientsPath() + "/" + clientId + "/certificates",
                Map.of("publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(pair.publicKey())));
        assertThat(certificate.status()).as(certificate.toString()).isEqualTo(201);
        TokenFixtures.grantClient(ada, clientId, grantedRole);
        return new Registered(ada, clientId, certificate.text("id"), new EdDsa.Signer(pair.privateKey()));
    }

    String assertion(Registered client) {
        return TokenFixtures.assertion(client.key(), client.certificateId(), client.clientId(), AUDIENCE, Instant.now().plusSeconds(120),
                UUID.randomUUID().toString());
    }

    Api.Response grant(String assertion, String projectId, String role) {
        return Api.at(port).post("/v1/tokens/client", grantBody(assertion, projectId, role));
    }

    static Map<String, Object> grantBody(String assertion, String projectId, String role) {
        var body = new LinkedHashMap<String, Object>();
        body.put("grant_type", "client_credentials");
        body.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        body.put("client_assertion", assertion);
        body.put("project_id", projectId);
        body.put("role", role);
        return body;
    }

    boolean accepted(String accessToken) {
        return verifier.verify(accessToken).isPresent();
    }

    @Test
    void anAdminRegistersAClientWhichMembersCanSeeButNotChange() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        var created = ada.owner().post(ada.clientsPath(), Map.of("name", "deploy bot"));
        assertThat(created.status()).isEqualTo(201);
        String clientId = created.text("id");
        Api bob = Api.signedIn(port, "bob");
        TokenFixtures.addMember(jdbc, ada.orgId(), Long.parseLong(bob.get("/v1/users/me").text("id")), "member");

        assertThat(bob.get(ada.clientsPath()).json().path("items").valueStream().map(c -> c.path("id").asString())).containsExactly(clientId);
        assertThat(bob.get(ada.clientsPath() + "/" + clientId).text("name")).isEqualTo("deploy bot");
        var refused = bob.post(ada.clientsPath(), Map.of("name", "mine"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("role")).isEqualTo("admin");
        assertThat(bob.delete(ada.clientsPath() + "/" + clientId).status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE kind = 'ClientCreated' AND org_id = ?")
                .param(Long.parseLong(ada.orgId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void clientsArePagedWithACursor() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        for (int i = 0; i < 3; i++) {
            ada.owner().post(ada.clientsPath(), Map.of("name", "c" + i));
        }

        var first = ada.owner().get(ada.clientsPath() + "?limit=2");
        var second = ada.owner().get(ada.clientsPath() + "?limit=2&cursor=" + first.text("nextCursor"));

        assertThat(first.json().path("items").size()).isEqualTo(2);
        assertThat(second.json().path("items").size()).isEqualTo(1);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        assertThat(ada.owner().get(ada.clientsPath() + "?limit=0").status()).isEqualTo(422);
        assertThat(ada.owner().get(ada.clientsPath() + "?cursor=zz").text("field")).isEqualTo("cursor");
    }

    @Test
    void aGeneratedPrivateKeyIsShownOnceAndWorks() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String clientId = ada.owner().post(ada.clientsPath(), Map.of("name", "generated")).text("id");
        String certificates = ada.clientsPath() + "/" + clientId + "/certificates";

        var generated = ada.owner().post(certificates, Map.of("generate", true));

        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.header("Cache-Control")).contains("no-store");
        byte[] privateKey = Base64.getUrlDecoder().decode(generated.text("privateKey"));
        String certificateId = generated.text("id");
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(EdDsa.publicKeyOf(privateKey))).isEqualTo(generated.text("publicKey"));
        var again = ada.owner().get(certificates + "/" + certificateId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().has("privateKey")).isFalse();
        assertThat(ada.owner().get(certificates).json().path("items").get(0).has("privateKey")).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM client_certificates WHERE id = ? AND public_key = ?")
                .params(Long.parseLong(certificateId), generated.text("publicKey")).query(Long.class).single()).isEqualTo(1);

        TokenFixtures.grantClient(ada, clientId, "reader");
        var client = new Registered(ada, clientId, certificateId, new EdDsa.Signer(privateKey));
        assertThat(grant(assertion(client), ada.projectId(), "reader").status()).isEqualTo(200);
    }

    @Test
    void aClientExchangesASignedAssertionForAProjectToken() {
        var client = registered("writer");

        var granted = grant(assertion(client), client.org().projectId(), "writer");

        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.text("token_type")).isEqualTo("Bearer");
        assertThat(granted.json().has("refresh_token")).isFalse();
        String token = granted.text("access_token");
        var principal = verifier.verify(token).orElseThrow();
        assertThat(principal.clientId()).isEqualTo(Long.parseLong(client.clientId()));
        assertThat(principal.userId()).isNull();
        assertThat(principal.projectId()).isEqualTo(Long.parseLong(client.org().projectId()));
        var asClient = Api.at(port).bearer(token).get("/v1/users/me");
        assertThat(asClient.status()).as("authenticated, but a client has no profile").isEqualTo(403);
    }

    @Test
    void theGrantAlsoAcceptsAnOAuthForm() {
        var client = registered("reader");
        String form = grantBody(assertion(client), client.org().projectId(), "reader").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElseThrow();

        var granted = Api.at(port).send("POST", "/v1/tokens/client", form, Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(accepted(granted.text("access_token"))).isTrue();
    }

    @Test
    void anAssertionIsGoodOnce() {
        var client = registered("reader");
        String assertion = assertion(client);

        assertThat(grant(assertion, client.org().projectId(), "reader").status()).isEqualTo(200);
        var replay = grant(assertion, client.org().projectId(), "reader");

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.isProblem()).isTrue();
    }

    @Test
    void expiredLongLivedForeignAudienceAndForgedAssertionsAreRefused() {
        var client = registered("reader");
        String project = client.org().projectId();
        Instant now = Instant.now();
        EdDsa.Signer stranger = new EdDsa.Signer(EdDsa.generate().privateKey());

        String expired = TokenFixtures.assertion(client.key(), client.certificateId(), client.clientId(), AUDIENCE, now.minusSeconds(60), "a1");
        String tooLong = TokenFixtures.assertion(client.key(), client.certificateId(), client.clientId(), AUDIENCE, now.plusSeconds(3600), "a2");
        String elsewhere = TokenFixtures.assertion(client.key(), client.certificateId(), client.clientId(), "https://other.example", now.plusSeconds(60), "a3");
        String forged = TokenFixtures.assertion(stranger, client.certificateId(), client.clientId(), AUDIENCE, now.plusSeconds(60), "a4");
        String otherClient = TokenFixtures.assertion(client.key(), client.certificateId(), "12345", AUDIENCE, now.plusSeconds(60), "a5");

        for (String bad : new String[] {expired, tooLong, elsewhere, forged, otherClient, "not.a.jwt"}) {
            assertThat(grant(bad, project, "reader").status()).as(bad).isEqualTo(401);
        }
        String endpoint = TokenFixtures.assertion(client.key(), client.certificateId(), client.clientId(), "http://arena.test/v1/tokens/client",
                now.plusSeconds(60), "a6");
        assertThat(grant(endpoint, project, "reader").status()).as("the token endpoint is an audience too").isEqualTo(200);
    }

    @Test
    void revokingACertificateRefusesItsTokensAndItsAssertions() {
        var client = registered("reader");
        String token = grant(assertion(client), client.org().projectId(), "reader").text("access_token");
        assertThat(accepted(token)).isTrue();

        var revoked = client.org().owner().delete(client.org().clientsPath() + "/" + client.clientId() + "/certificates/" + client.certificateId());

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(accepted(token)).isFalse();
        assertThat(Api.at(port).bearer(token).get("/v1/users/me").status()).isEqualTo(401);
        assertThat(grant(assertion(client), client.org().projectId(), "reader").status()).isEqualTo(401);
        assertThat(client.org().owner().get(client.org().clientsPath() + "/" + client.clientId() + "/certificates/" + client.certificateId())
                .json().path("revokedAt").isNull()).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE kind = 'CertificateRevoked' AND org_id = ?")
                .param(Long.parseLong(client.org().orgId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void deletingAClientRefusesTokensItHeld() {
        var client = registered("reader");
        String token = grant(assertion(client), client.org().projectId(), "reader").text("access_token");

        assertThat(client.org().owner().delete(client.org().clientsPath() + "/" + client.clientId()).status()).isEqualTo(204);

        assertThat(accepted(token)).isFalse();
        assertThat(client.org().owner().get(client.org().clientsPath() + "/" + client.clientId()).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM project_grants WHERE subject_type = 'client' AND subject_id = ?")
                .param(Long.parseLong(client.clientId())).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE kind = 'ClientDeleted' AND org_id = ?")
                .param(Long.parseLong(client.org().orgId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aClientGetsNoMoreThanItsGrantAndNothingOutsideIt() {
        var client = registered("reader");
        var eve = TokenFixtures.Owned.create(port, "eve");
        String other = client.org().owner().createProject(client.org().orgId(), "ungranted");

        var tooHigh = grant(assertion(client), client.org().projectId(), "admin");
        assertThat(tooHigh.status()).isEqualTo(403);
        assertThat(tooHigh.text("role")).isEqualTo("admin");
        assertThat(grant(assertion(client), other, "reader").status()).isEqualTo(404);
        assertThat(grant(assertion(client), eve.projectId(), "reader").status()).isEqualTo(404);
    }

    @Test
    void theCertificateQuotaIsTheTiersAndIsNamedWhenReached() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        long orgId = Long.parseLong(ada.orgId());
        String clientId = ada.owner().post(ada.clientsPath(), Map.of("name", "q")).text("id");
        String certificates = ada.clientsPath() + "/" + clientId + "/certificates";
        int limit = jdbc.sql("SELECT max_certificates FROM tiers WHERE name = 'free'").query(Integer.class).single();
        for (int i = 1; i < limit; i++) {
            jdbc.sql("INSERT INTO client_certificates (id, client_id, org_id, public_key, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(Long.parseLong(clientId) + i, Long.parseLong(clientId), orgId, "filler", Db.ts(Instant.now())).update();
        }

        assertThat(ada.owner().post(certificates, Map.of("generate", true)).status()).as("the last free slot").isEqualTo(201);
        var refused = ada.owner().post(certificates, Map.of("generate", true));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:quota-exceeded");
        assertThat(refused.text("quota")).isEqualTo("certificates");
        assertThat(refused.json().path("limit").asInt()).isEqualTo(limit);
    }

    @Test
    void anotherOrgsClientsAndCertificatesAreNotFound() {
        var client = registered("reader");
        var eve = TokenFixtures.Owned.create(port, "eve");
        String adaClients = client.org().clientsPath();
        String underEve = eve.clientsPath() + "/" + client.clientId();

        for (var path : new String[] {adaClients, adaClients + "/" + client.clientId(), adaClients + "/" + client.clientId() + "/certificates",
                adaClients + "/" + client.clientId() + "/certificates/" + client.certificateId(), underEve, underEve + "/certificates"}) {
            assertThat(eve.owner().get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(eve.owner().delete(adaClients + "/" + client.clientId()).status()).isEqualTo(404);
        assertThat(eve.owner().delete(underEve).status()).isEqualTo(404);
        assertThat(eve.owner().post(underEve + "/certificates", Map.of("generate", true)).status()).isEqualTo(404);
        assertThat(eve.owner().delete(underEve + "/certificates/" + client.certificateId()).status()).isEqualTo(404);
        assertThat(accepted(grant(assertion(client), client.org().projectId(), "reader").text("access_token"))).isTrue();
    }

    @Test
    void malformedClientAndCertificateRequestsAreProblems() {
        var ada = TokenFixtures.Owned.create(port, "ada");
        String certificates = ada.clientsPath() + "/" + ada.owner().post(ada.clientsPath(), Map.of("name", "m")).text("id") + "/certificates";

        assertThat(ada.owner().post(ada.clientsPath(), "{").status()).isEqualTo(400);
        assertThat(ada.owner().post(ada.clientsPath(), Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(ada.owner().post(certificates, Map.of()).text("field")).isEqualTo("publicKey");
        assertThat(ada.owner().post(certificates, Map.of("publicKey", "AAAA", "generate", true)).text("field")).isEqualTo("publicKey");
        assertThat(ada.owner().post(certificates, Map.of("publicKey", "not base64!")).status()).isEqualTo(422);
        assertThat(ada.owner().post(certificates, Map.of("publicKey", Base64.getUrlEncoder().encodeToString(new byte[31]))).status())
                .isEqualTo(422);
        assertThat(ada.owner().get(ada.clientsPath() + "/abc").status()).isEqualTo(404);
    }

    @Test
    void malformedGrantsAreProblemsNamingTheField() {
        var client = registered("reader");
        String project = client.org().projectId();

        var wrongGrant = new LinkedHashMap<>(grantBody(assertion(client), project, "reader"));
        wrongGrant.put("grant_type", "password");
        assertThat(Api.at(port).post("/v1/tokens/client", wrongGrant).text("field")).isEqualTo("grant_type");
        var wrongType = new LinkedHashMap<>(grantBody(assertion(client), project, "reader"));
        wrongType.remove("client_assertion_type");
        assertThat(Api.at(port).post("/v1/tokens/client", wrongType).text("field")).isEqualTo("client_assertion_type");
        assertThat(grant(assertion(client), "project-x", "reader").text("field")).isEqualTo("project_id");
        assertThat(grant(assertion(client), project, "root").text("field")).isEqualTo("role");
        assertThat(Api.at(port).post("/v1/tokens/client", "{\"grant_type\":").status()).isEqualTo(400);
        var plain = Api.at(port).send("POST", "/v1/tokens/client", "grant_type=client_credentials", Map.of("Content-Type", "text/plain"));
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.isProblem()).isTrue();
    }
}
