package dev.arena.identity;

import static dev.arena.identity.Tenants.join;
import static dev.arena.identity.Tenants.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation: a signed-in user of org A gets a 404 problem — with nothing of org B in it, and
 * nothing changed in org B — on every org-scoped and project-scoped route, for org B's resources.
 *
 * <p>To cover a new route, add it to {@link #ROUTES}, with any new path variable given a value in
 * {@link #setUp()}. A variable named {@code {ownX}} is the caller's own resource of kind X, for mixed
 * requests (org B's team in org A's path). {@link #everyOrgAndProjectRouteIsCovered()} fails when a route
 * under {@code {orgId}} or {@code {projectId}} exists that the list lacks.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTests {

    /** A request to try; {@code body} is sent as JSON, or as a browser's form when {@code form}, or nothing when null. */
    record Route(String method, String template, @Nullable Map<String, ?> body, boolean form) {

        static Route of(String method, String template) {
            return new Route(method, template, null, false);
        }

        static Route of(String method, String template, Map<String, ?> body) {
            return new Route(method, template, body, false);
        }

        /** A console form's post of the given name, value pairs. */
        static Route form(String method, String template, String... pairs) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                fields.put(pairs[i], pairs[i + 1]);
            }
            return new Route(method, template, fields, true);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    static final Map<String, String> ROLE = Map.of("role", "reader");
    static final Map<String, Object> CHALLENGE = Map.of("name", "planted", "image", "arena/busybox:1", "ports", List.of(8080),
            "flagTemplate", "planted");

    static final Map<String, Object> THREAT_EVENT = Map.of("kind", "login.failed", "at", "2026-11-20T10:00:00Z",
            "source", "192.0.2.200", "username", "planted", "password", "planted");

    static final List<Route> ROUTES = List.of(
            // organisations
            Route.of("GET", "/v1/orgs/{orgId}"),
            Route.of("PATCH", "/v1/orgs/{orgId}", Map.of("name", "taken over")),
            Route.of("DELETE", "/v1/orgs/{orgId}"),
            Route.of("GET", "/v1/orgs/{orgId}/usage"),
            Route.of("PUT", "/v1/orgs/{orgId}/tier", Map.of("tier", "enterprise")),
            // members
            Route.of("GET", "/v1/orgs/{orgId}/members"),
            Route.of("PATCH", "/v1/orgs/{orgId}/members/{userId}", Map.of("role", "member")),
            Route.of("PATCH", "/v1/orgs/{ownOrgId}/members/{userId}", Map.of("role", "member")),
            Route.of("DELETE", "/v1/orgs/{orgId}/members/{userId}"),
            Route.of("DELETE", "/v1/orgs/{orgId}/members/{ownUserId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/members/{userId}"),
            Route.of("POST", "/v1/orgs/{orgId}/transfer-ownership", Map.of("userId", "{ownUserId}")),
            // invitations
            Route.of("POST", "/v1/orgs/{orgId}/invitations", Map.of("email", "eve@example.test", "role", "owner")),
            Route.of("GET", "/v1/orgs/{orgId}/invitations"),
            Route.of("DELETE", "/v1/orgs/{orgId}/invitations/{invitationId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/invitations/{invitationId}"),
            // teams
            Route.of("POST", "/v1/orgs/{orgId}/teams", Map.of("name", "infiltrators")),
            Route.of("GET", "/v1/orgs/{orgId}/teams"),
            Route.of("PATCH", "/v1/orgs/{orgId}/teams/{teamId}", Map.of("name", "renamed")),
            Route.of("PATCH", "/v1/orgs/{ownOrgId}/teams/{teamId}", Map.of("name", "renamed")),
            Route.of("DELETE", "/v1/orgs/{orgId}/teams/{teamId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/teams/{teamId}"),
            Route.of("GET", "/v1/orgs/{orgId}/teams/{teamId}/members"),
            Route.of("GET", "/v1/orgs/{ownOrgId}/teams/{teamId}/members"),
            Route.of("PUT", "/v1/orgs/{orgId}/teams/{teamId}/members/{ownUserId}"),
            Route.of("PUT", "/v1/orgs/{ownOrgId}/teams/{teamId}/members/{ownUserId}"),
            Route.of("PUT", "/v1/orgs/{ownOrgId}/teams/{ownTeamId}/members/{userId}"),
            Route.of("DELETE", "/v1/orgs/{orgId}/teams/{teamId}/members/{userId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/teams/{teamId}/members/{userId}"),
            // projects
            Route.of("POST", "/v1/orgs/{orgId}/projects", Map.of("name", "planted")),
            Route.of("GET", "/v1/orgs/{orgId}/projects"),
            Route.of("GET", "/v1/projects/{projectId}"),
            Route.of("PATCH", "/v1/projects/{projectId}", Map.of("name", "taken over")),
            Route.of("DELETE", "/v1/projects/{projectId}"),
            // grants
            Route.of("GET", "/v1/projects/{projectId}/grants"),
            Route.of("PUT", "/v1/projects/{projectId}/grants/user/{ownUserId}", ROLE),
            Route.of("PUT", "/v1/projects/{projectId}/grants/{subjectType}/{subjectId}", ROLE),
            Route.of("PUT", "/v1/projects/{ownProjectId}/grants/user/{userId}", ROLE),
            Route.of("PUT", "/v1/projects/{ownProjectId}/grants/team/{teamId}", ROLE),
            Route.of("PUT", "/v1/projects/{ownProjectId}/grants/client/{clientId}", ROLE),
            Route.of("DELETE", "/v1/projects/{projectId}/grants/{subjectType}/{subjectId}"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/grants/user/{userId}"),
            // tokens
            Route.of("POST", "/v1/orgs/{orgId}/projects/{projectId}/tokens", ROLE),
            Route.of("POST", "/v1/orgs/{ownOrgId}/projects/{projectId}/tokens", ROLE),
            Route.of("POST", "/v1/projects/{projectId}/tokens/revoke"),
            // API clients and certificates
            Route.of("POST", "/v1/orgs/{orgId}/clients", Map.of("name", "planted")),
            Route.of("GET", "/v1/orgs/{orgId}/clients"),
            Route.of("GET", "/v1/orgs/{orgId}/clients/{clientId}"),
            Route.of("GET", "/v1/orgs/{ownOrgId}/clients/{clientId}"),
            Route.of("DELETE", "/v1/orgs/{orgId}/clients/{clientId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/clients/{clientId}"),
            Route.of("POST", "/v1/orgs/{orgId}/clients/{clientId}/certificates", Map.of("generate", true)),
            Route.of("POST", "/v1/orgs/{ownOrgId}/clients/{clientId}/certificates", Map.of("generate", true)),
            Route.of("GET", "/v1/orgs/{orgId}/clients/{clientId}/certificates"),
            Route.of("GET", "/v1/orgs/{ownOrgId}/clients/{clientId}/certificates"),
            Route.of("GET", "/v1/orgs/{orgId}/clients/{clientId}/certificates/{certificateId}"),
            Route.of("GET", "/v1/orgs/{ownOrgId}/clients/{ownClientId}/certificates/{certificateId}"),
            Route.of("DELETE", "/v1/orgs/{orgId}/clients/{clientId}/certificates/{certificateId}"),
            Route.of("DELETE", "/v1/orgs/{ownOrgId}/clients/{ownClientId}/certificates/{certificateId}"),
            // challenges and instances
            Route.of("POST", "/v1/projects/{projectId}/challenges", CHALLENGE),
            Route.of("GET", "/v1/projects/{projectId}/challenges"),
            Route.of("GET", "/v1/projects/{projectId}/challenges/{challengeId}"),
            Route.of("GET", "/v1/projects/{ownProjectId}/challenges/{challengeId}"),
            Route.of("PATCH", "/v1/projects/{projectId}/challenges/{challengeId}", Map.of("name", "taken-over")),
            Route.of("PATCH", "/v1/projects/{ownProjectId}/challenges/{challengeId}", Map.of("name", "taken-over")),
            Route.of("DELETE", "/v1/projects/{projectId}/challenges/{challengeId}"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/challenges/{challengeId}"),
            Route.of("POST", "/v1/projects/{projectId}/challenges/{challengeId}/instance"),
            Route.of("POST", "/v1/projects/{ownProjectId}/challenges/{challengeId}/instance"),
            Route.of("GET", "/v1/projects/{projectId}/challenges/{challengeId}/instance"),
            Route.of("GET", "/v1/projects/{ownProjectId}/challenges/{challengeId}/instance"),
            Route.of("POST", "/v1/projects/{projectId}/challenges/{challengeId}/instance/extend"),
            Route.of("POST", "/v1/projects/{ownProjectId}/challenges/{challengeId}/instance/extend"),
            Route.of("DELETE", "/v1/projects/{projectId}/challenges/{challengeId}/instance"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/challenges/{challengeId}/instance"),
            Route.of("POST", "/v1/projects/{projectId}/challenges/{challengeId}/flag", Map.of("flag", "guess")),
            Route.of("POST", "/v1/projects/{ownProjectId}/challenges/{challengeId}/flag", Map.of("flag", "guess")),
            Route.of("GET", "/v1/projects/{projectId}/instances"),
            Route.of("DELETE", "/v1/projects/{projectId}/instances/{instanceId}"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/instances/{instanceId}"),
            Route.of("GET", "/v1/projects/{projectId}/instance-policy"),
            Route.of("PUT", "/v1/projects/{projectId}/instance-policy", Map.of("ownership", "team")),
            // evaluations
            Route.of("POST", "/v1/projects/{projectId}/evaluations", Map.of("language", "shell", "source", "echo planted")),
            Route.of("POST", "/v1/projects/{projectId}/evaluations/batch",
                    Map.of("evaluations", List.of(Map.of("language", "shell", "source", "echo planted")))),
            Route.of("GET", "/v1/projects/{projectId}/evaluations"),
            Route.of("GET", "/v1/projects/{projectId}/evaluations/{evaluationId}"),
            Route.of("GET", "/v1/projects/{ownProjectId}/evaluations/{evaluationId}"),
            Route.of("GET", "/v1/projects/{projectId}/evaluations/{evaluationId}/events"),
            Route.of("GET", "/v1/projects/{ownProjectId}/evaluations/{evaluationId}/events"),
            Route.of("POST", "/v1/projects/{projectId}/evaluations/{evaluationId}/retry"),
            Route.of("POST", "/v1/projects/{ownProjectId}/evaluations/{evaluationId}/retry"),
            Route.of("POST", "/v1/projects/{projectId}/evaluations/{evaluationId}/cancel"),
            Route.of("POST", "/v1/projects/{ownProjectId}/evaluations/{evaluationId}/cancel"),
            // threats
            Route.of("POST", "/v1/projects/{projectId}/threats/events", THREAT_EVENT),
            Route.of("GET", "/v1/projects/{projectId}/threats/sessions"),
            Route.of("GET", "/v1/projects/{projectId}/threats/sessions/{sessionId}"),
            Route.of("GET", "/v1/projects/{ownProjectId}/threats/sessions/{sessionId}"),
            Route.of("GET", "/v1/projects/{projectId}/threats/summary"),
            // threat blocks
            Route.of("GET", "/v1/projects/{projectId}/threats/blocks"),
            Route.of("POST", "/v1/projects/{projectId}/threats/blocks", Map.of("address", "203.0.113.251", "duration", "1h")),
            Route.of("DELETE", "/v1/projects/{projectId}/threats/blocks/{blockId}"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/threats/blocks/{blockId}"),
            // threat policies
            Route.of("GET", "/v1/projects/{projectId}/threats/policies"),
            Route.of("PUT", "/v1/projects/{projectId}/threats/policies", Map.of("version", 3, "policies", List.of())),
            Route.of("GET", "/v1/projects/{projectId}/threats/policies/{version}"),
            // web console pages (a client asking for JSON gets the problem, a browser a page)
            Route.of("GET", "/console/projects/{projectId}"),
            Route.of("GET", "/console/projects/{projectId}/challenges/{challengeId}/card"),
            Route.of("GET", "/console/projects/{ownProjectId}/challenges/{challengeId}/card"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}/start"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}/start"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}/extend"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}/extend"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}/stop"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}/stop"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}/flag"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}/flag"),
            Route.of("GET", "/console/projects/{projectId}/challenges"),
            Route.of("GET", "/console/projects/{projectId}/challenges/new"),
            Route.of("POST", "/console/projects/{projectId}/challenges"),
            Route.of("GET", "/console/projects/{projectId}/challenges/{challengeId}/edit"),
            Route.of("GET", "/console/projects/{ownProjectId}/challenges/{challengeId}/edit"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}"),
            Route.of("POST", "/console/projects/{projectId}/challenges/{challengeId}/delete"),
            Route.of("POST", "/console/projects/{ownProjectId}/challenges/{challengeId}/delete"),
            Route.of("GET", "/console/projects/{projectId}/instances"),
            Route.of("POST", "/console/projects/{projectId}/instances/{instanceId}/stop"),
            Route.of("POST", "/console/projects/{ownProjectId}/instances/{instanceId}/stop"),
            Route.of("GET", "/console/projects/{projectId}/evaluations"),
            Route.of("POST", "/console/projects/{projectId}/evaluations"),
            Route.of("GET", "/console/projects/{projectId}/evaluations/{evaluationId}"),
            Route.of("GET", "/console/projects/{ownProjectId}/evaluations/{evaluationId}"),
            Route.of("POST", "/console/projects/{projectId}/evaluations/{evaluationId}/retry"),
            Route.of("POST", "/console/projects/{ownProjectId}/evaluations/{evaluationId}/retry"),
            Route.of("POST", "/console/projects/{projectId}/evaluations/{evaluationId}/cancel"),
            Route.of("POST", "/console/projects/{ownProjectId}/evaluations/{evaluationId}/cancel"),
            Route.of("GET", "/console/projects/{projectId}/threats"),
            Route.of("GET", "/console/projects/{projectId}/threats/sessions/{sessionId}"),
            Route.of("GET", "/console/projects/{ownProjectId}/threats/sessions/{sessionId}"),
            Route.of("POST", "/console/projects/{projectId}/threats/blocks"),
            Route.of("POST", "/console/projects/{projectId}/threats/blocks/{blockId}/lift"),
            Route.of("POST", "/console/projects/{ownProjectId}/threats/blocks/{blockId}/lift"),
            Route.of("GET", "/console/projects/{projectId}/audit"),
            Route.of("GET", "/console/projects/{projectId}/containers"),
            Route.of("POST", "/console/projects/{projectId}/containers/{name}/{action}"),
            Route.of("POST", "/console/projects/{projectId}/containers"),
            Route.of("POST", "/console/projects/{projectId}/containers/{name}/delete"),
            Route.of("GET", "/console/projects/{projectId}/grants"),
            Route.of("POST", "/console/projects/{projectId}/grants"),
            Route.of("POST", "/console/projects/{projectId}/grants/{subjectType}/{subjectId}"),
            Route.of("POST", "/console/projects/{projectId}/grants/{subjectType}/{subjectId}/revoke"),
            Route.of("POST", "/console/projects/{ownProjectId}/grants/user/{userId}/revoke"),
            Route.of("GET", "/console/projects/{projectId}/discord"),
            Route.of("POST", "/console/projects/{projectId}/discord"),
            Route.of("POST", "/console/projects/{projectId}/discord/{kind}/{discordId}/delete"),
            Route.of("GET", "/console/projects/{projectId}/mech"),
            Route.of("POST", "/console/projects/{projectId}/mech/donations"),
            Route.of("GET", "/console/projects/{projectId}/schedules"),
            Route.of("POST", "/console/projects/{projectId}/schedules"),
            Route.of("POST", "/console/projects/{projectId}/schedules/{scheduleId}/timing"),
            Route.of("POST", "/console/projects/{ownProjectId}/schedules/{scheduleId}/timing"),
            Route.of("POST", "/console/projects/{projectId}/schedules/{scheduleId}/enabled"),
            Route.of("POST", "/console/projects/{ownProjectId}/schedules/{scheduleId}/enabled"),
            Route.of("POST", "/console/projects/{projectId}/schedules/{scheduleId}/delete"),
            Route.of("POST", "/console/projects/{ownProjectId}/schedules/{scheduleId}/delete"),
            // chat-ops: schedules, Discord role mappings, managed containers, the mech
            Route.of("POST", "/v1/projects/{projectId}/schedules", Map.of("name", "planted", "cron", "0 0 * * * *", "action", "close",
                    "challengeId", "{challengeId}")),
            Route.of("GET", "/v1/projects/{projectId}/schedules"),
            Route.of("GET", "/v1/projects/{projectId}/schedules/{scheduleId}"),
            Route.of("GET", "/v1/projects/{ownProjectId}/schedules/{scheduleId}"),
            Route.of("PATCH", "/v1/projects/{projectId}/schedules/{scheduleId}", Map.of("enabled", false)),
            Route.of("PATCH", "/v1/projects/{ownProjectId}/schedules/{scheduleId}", Map.of("enabled", false)),
            Route.of("DELETE", "/v1/projects/{projectId}/schedules/{scheduleId}"),
            Route.of("DELETE", "/v1/projects/{ownProjectId}/schedules/{scheduleId}"),
            Route.of("GET", "/v1/projects/{projectId}/discord-roles"),
            Route.of("PUT", "/v1/projects/{projectId}/discord-roles/{kind}/{discordId}", ROLE),
            Route.of("DELETE", "/v1/projects/{projectId}/discord-roles/{kind}/{discordId}"),
            Route.of("GET", "/v1/projects/{projectId}/containers"),
            Route.of("PUT", "/v1/projects/{projectId}/containers/{name}", Map.of("containerId", "planted", "actions", List.of("restart"))),
            Route.of("DELETE", "/v1/projects/{projectId}/containers/{name}"),
            Route.of("GET", "/v1/projects/{projectId}/chatops-audit"),
            Route.of("GET", "/v1/projects/{projectId}/mech"),
            Route.of("POST", "/v1/projects/{projectId}/mech/donations", Map.of("amount", 5, "donor", "planted")),
            Route.of("PUT", "/v1/projects/{projectId}/mech/webhook-token"),
            Route.of("POST", "/v1/projects/{projectId}/mech/donations/webhook",
                    Map.of("verification_token", "guess", "amount", "5", "kofi_transaction_id", "planted")));

    /**
     * Eve's own routes with org B's ids where a body, not the path, names them: the id is a field of a form or a
     * JSON document, which a check of the path's project alone would let through.
     */
    static final List<Route> FOREIGN_REFERENCES = List.of(
            Route.of("POST", "/v1/orgs/{ownOrgId}/transfer-ownership", Map.of("userId", "{userId}")),
            Route.of("POST", "/v1/projects/{ownProjectId}/schedules", Map.of("name", "planted", "cron", "0 0 * * * *",
                    "action", "close", "challengeId", "{challengeId}")),
            Route.of("PUT", "/v1/projects/{ownProjectId}/containers/planted", Map.of("containerId", "{containerId}",
                    "actions", List.of("restart"))),
            Route.form("POST", "/console/projects/{ownProjectId}/grants", "subject", "user:{userId}", "role", "reader"),
            Route.form("POST", "/console/projects/{ownProjectId}/grants", "subject", "team:{teamId}", "role", "reader"),
            Route.form("POST", "/console/projects/{ownProjectId}/grants", "subject", "client:{clientId}", "role", "reader"),
            Route.form("POST", "/console/projects/{ownProjectId}/schedules", "name", "planted", "cron", "0 0 * * * *",
                    "action", "close", "target", "challenge:{challengeId}"),
            Route.form("POST", "/console/projects/{ownProjectId}/containers", "name", "planted", "containerId", "{containerId}",
                    "actions", "restart"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordedMail mail;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Api eve;
    /** Owner of org B, whose project runs an instance for the routes that name one. */
    private Api bob;
    /** An admin access token of eve's own project. */
    private Api evesProjectToken;
    private final Map<String, String> values = new HashMap<>();
    /** What of org B must never show up in an answer to eve. */
    private final List<String> secrets = new java.util.ArrayList<>();
    private String orgB = "";
    private String orgA = "";

    @BeforeAll
    void setUp() {
        bob = Api.signedIn(port, "bob");
        Api carol = Api.signedIn(port, "carol");
        orgB = bob.createOrg("Bobs Secret Org");
        String projectB = bob.createProject(orgB, "bobs-secret-project");
        String teamB = bob.post("/v1/orgs/" + orgB + "/teams", Map.of("name", "bobs-secret-team")).text("id");
        join(bob, orgB, carol, "member", mail);
        bob.put("/v1/orgs/" + orgB + "/teams/" + teamB + "/members/" + userId(carol), Map.of());
        bob.put("/v1/projects/" + projectB + "/grants/user/" + userId(carol), Map.of("role", "writer"));
        bob.put("/v1/projects/" + projectB + "/grants/team/" + teamB, Map.of("role", "reader"));
        String evaluationB = bob.post("/v1/projects/" + projectB + "/evaluations",
                Map.of("language", "shell", "source", "echo bobs-secret-source")).text("id");
        String invitee = Api.email("bobs-secret-invitee");
        String invitationB = bob.post("/v1/orgs/" + orgB + "/invitations", Map.of("email", invitee, "role", "admin")).text("id");
        String clientB = bob.post("/v1/orgs/" + orgB + "/clients", Map.of("name", "bobs-secret-client")).text("id");
        var certificateB = bob.post("/v1/orgs/" + orgB + "/clients/" + clientB + "/certificates", Map.of("generate", true));
        bob.post("/v1/orgs/" + orgB + "/projects/" + projectB + "/tokens", Map.of("role", "admin"));
        String challengeB = bob.post("/v1/projects/" + projectB + "/challenges", Map.of("name", "bobs-secret-challenge",
                "image", "arena/busybox:1", "command", List.of("httpd", "-f", "-p", "8080"), "ports", List.of(8080),
                "flagTemplate", "flag{bobs_secret}")).text("id");

        var ingested = bob.send("POST", "/v1/projects/" + projectB + "/threats/events",
                Map.of("kind", "login.failed", "at", "2026-11-20T10:00:00Z", "source", "198.51.100.201", "username", "bobs-secret-user"),
                Map.of());
        assertThat(ingested.status()).as(ingested.toString()).isEqualTo(202);
        String threatSessionB = awaitThreatSession(bob, projectB);

        eve = Api.signedIn(port, "eve");
        orgA = eve.createOrg("Eves Org");
        values.putAll(Map.of(
                "orgId", orgB, "projectId", projectB, "teamId", teamB, "userId", userId(carol), "invitationId", invitationB,
                "subjectType", "user", "subjectId", userId(carol), "evaluationId", evaluationB));
        var instanceB = bob.post("/v1/projects/" + projectB + "/challenges/" + challengeB + "/instance", null);
        assertThat(instanceB.status()).as(instanceB.toString()).isEqualTo(201);
        values.putAll(Map.of("challengeId", challengeB, "instanceId", instanceB.text("id")));
        String containerB = jdbc.sql("SELECT container_id FROM instances WHERE id = ?").param(Long.parseLong(instanceB.text("id")))
                .query(String.class).single();
        assertThat(containerB).as("org B's instance runs a container").isNotBlank();
        values.put("containerId", containerB);
        String blockB = bob.post("/v1/projects/" + projectB + "/threats/blocks",
                Map.of("address", "203.0.113.250", "duration", "1h", "reason", "bobs-secret-reason")).text("id");
        values.put("blockId", blockB);
        var policiesB = bob.put("/v1/projects/" + projectB + "/threats/policies", Map.of("version", 2, "policies", List.of(Map.of(
                "name", "bobs-secret-policy", "when", Map.of("score", 9), "action", "alert"))));
        assertThat(policiesB.status()).as(policiesB.toString()).isEqualTo(200);
        values.put("version", policiesB.text("version"));
        String scheduleB = bob.post("/v1/projects/" + projectB + "/schedules", Map.of("name", "bobs-secret-schedule",
                "cron", "0 0 3 * * *", "action", "close", "challengeId", challengeB)).text("id");
        values.putAll(Map.of("scheduleId", scheduleB, "kind", "role", "discordId", "4242", "name", "bobs-db", "action", "restart"));
        bob.put("/v1/projects/" + projectB + "/discord-roles/role/4242", Map.of("role", "admin"));
        bob.post("/v1/projects/" + projectB + "/mech/donations", Map.of("amount", 7, "donor", "bobs-secret-donor"));
        String webhookTokenB = bob.put("/v1/projects/" + projectB + "/mech/webhook-token", Map.of()).text("token");
        values.putAll(Map.of(
                "ownOrgId", orgA, "ownProjectId", eve.createProject(orgA, "eves-project"), "ownUserId", userId(eve),
                "ownTeamId", eve.post("/v1/orgs/" + orgA + "/teams", Map.of("name", "eves-team")).text("id")));
        values.put("sessionId", threatSessionB);
        values.putAll(Map.of("clientId", clientB, "certificateId", certificateB.text("id"),
                "ownClientId", eve.post("/v1/orgs/" + orgA + "/clients", Map.of("name", "eves-client")).text("id")));
        secrets.addAll(List.of("Bobs Secret Org", "bobs-secret-project", "bobs-secret-team", invitee, Tenants.email(carol),
                Tenants.email(bob), projectB, teamB, userId(carol), invitationB));
        secrets.addAll(List.of("bobs-secret-client", clientB, certificateB.text("id"), certificateB.text("publicKey"),
                certificateB.text("privateKey")));
        secrets.addAll(List.of("bobs-secret-challenge", "bobs_secret", challengeB, instanceB.text("id"), containerB));
        evesProjectToken = Api.at(port).bearer(eve.post("/v1/orgs/" + orgA + "/projects/" + values.get("ownProjectId") + "/tokens",
                Map.of("role", "admin")).text("access_token"));
        secrets.addAll(List.of(evaluationB, "bobs-secret-source"));
        secrets.addAll(List.of(threatSessionB, "198.51.100.201", "bobs-secret-user"));
        secrets.addAll(List.of(blockB, "203.0.113.250", "bobs-secret-reason", "bobs-secret-policy"));
        secrets.addAll(List.of(scheduleB, "bobs-secret-schedule", "bobs-secret-donor", webhookTokenB));
    }

    @AfterAll
    void stopBobsInstance() {
        bob.delete("/v1/projects/" + values.get("projectId") + "/challenges/" + values.get("challengeId") + "/instance");
    }

    /** Waits for the threat pipeline to store the project's first session; returns its id. */
    private static String awaitThreatSession(Api owner, String projectId) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            var items = owner.get("/v1/projects/" + projectId + "/threats/sessions").json().path("items");
            if (!items.isEmpty()) {
                return items.get(0).path("id").asString();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no threat session stored within 15 s");
    }

    static Stream<Route> routes() {
        return ROUTES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aUserOfAnotherOrganisationGetsNotFound(Route route) {
        assertRefused(eve, route, 404);
    }

    /**
     * Org B's ids in the body of a request to eve's own org or project: a 404 (the id names nothing eve may see)
     * or a 422 (the field names nothing the project has), with nothing of org B in it, and neither org gains a
     * link to the other.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignReferences")
    void anIdOfAnotherOrganisationInABodyIsRefused(Route route) {
        assertRefused(eve, route, 404, 422);
    }

    static Stream<Route> foreignReferences() {
        return FOREIGN_REFERENCES.stream();
    }

    /**
     * A project access token of eve's own project, presented on org B's project routes: the token names one
     * project, and every other answers as if it did not exist (403 where a route takes no token at all), leaking
     * and changing nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("projectRoutes")
    void aProjectTokenOpensNoOtherProject(Route route) {
        assertRefused(evesProjectToken, route, 403, 404);
    }

    private Api.Response send(Api caller, Route route) {
        if (route.body() == null) {
            return caller.send(route.method(), fill(route.template()), null, Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        route.body().forEach((k, v) -> body.put(k, v instanceof String s ? fill(s) : v));
        if (!route.form()) {
            return caller.send(route.method(), fill(route.template()), body, Map.of());
        }
        String[] pairs = body.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), (String) e.getValue())).toArray(String[]::new);
        return caller.send(route.method(), fill(route.template()), Api.form(pairs),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    /**
     * The route, sent by the caller, is answered with a problem of one of the statuses that names nothing of
     * org B, and neither org changed.
     */
    private void assertRefused(Api caller, Route route, Integer... statuses) {
        String before = snapshotOfBothOrgs();

        var response = send(caller, route);

        assertThat(response.status()).as(route + " answered " + response).isIn((Object[]) statuses);
        assertThat(response.isProblem()).as(route + " answered " + response).isTrue();
        var problem = (tools.jackson.databind.node.ObjectNode) response.json();
        problem.remove("instance"); // the caller's own request path, echoed back
        assertThat(problem.toString()).as(route + " leaked").doesNotContain(secrets);
        assertThat(snapshotOfBothOrgs()).as(route + " changed an org").isEqualTo(before);
    }

    /** The API routes that name org B's project (the console's take no bearer tokens). */
    static Stream<Route> projectRoutes() {
        return ROUTES.stream().filter(r -> r.template().startsWith("/v1/projects/{projectId}"));
    }

    @Test
    void everyOrgAndProjectRouteIsCovered() {
        Set<String> covered = new TreeSet<>();
        ROUTES.forEach(r -> covered.add(r.method() + " " + normalise(r.template())));
        Set<String> existing = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.contains("{orgId}") || p.contains("{projectId}"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> existing.add(m.name() + " " + p))));

        assertThat(existing).as("routes the application maps").contains("GET /v1/orgs/{orgId}", "GET /v1/projects/{projectId}");
        assertThat(covered).as("routes in the isolation list").containsAll(existing);
    }

    /** A template as the controller spells it: own resources and fixed subject types become variables again. */
    private static String normalise(String template) {
        Matcher own = Pattern.compile("\\{own(\\w)(\\w*)}").matcher(template);
        String named = own.replaceAll(m -> "{" + m.group(1).toLowerCase() + m.group(2) + "}");
        return named.replaceAll("/grants/(user|team|client)/\\{\\w+}", "/grants/{subjectType}/{subjectId}");
    }

    private String fill(String template) {
        Matcher variable = Pattern.compile("\\{(\\w+)}").matcher(template);
        return variable.replaceAll(m -> {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for " + m.group() + " in " + template + "; add one in setUp()");
            }
            return value;
        });
    }

    private String snapshotOfBothOrgs() {
        return "org B: " + snapshotOf(orgB) + "\norg A: " + snapshotOf(orgA);
    }

    private String snapshotOf(String orgId) {
        long org = Long.parseLong(orgId);
        return jdbc.sql("""
                        SELECT o.name || '|' || o.tier
                          || '|' || (SELECT COUNT(*) FROM org_members WHERE org_id = o.id)
                          || '|' || (SELECT MIN(user_id) FROM org_members WHERE org_id = o.id AND role = 'owner')
                          || '|' || (SELECT COUNT(*) FROM invitations WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM teams WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM projects WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM project_grants g JOIN projects p ON p.id = g.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COALESCE(MAX(name), '') FROM projects WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM evaluations e JOIN projects p ON p.id = e.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COALESCE(MAX(name), '') FROM teams WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM clients WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM client_certificates WHERE org_id = o.id AND revoked_at IS NULL)
                          || '|' || (SELECT COUNT(*) FROM refresh_tokens r JOIN projects p ON p.id = r.project_id
                                     WHERE p.org_id = o.id AND r.revoked_at IS NULL)
                          || '|' || (SELECT CAST(MAX(tokens_valid_after) AS VARCHAR(64)) FROM projects WHERE org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM challenges c JOIN projects p ON p.id = c.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COALESCE(MAX(c.name), '') FROM challenges c JOIN projects p ON p.id = c.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM instance_policies i JOIN projects p ON p.id = i.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM threat_inbox i JOIN projects p ON p.id = i.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM threat_events e JOIN projects p ON p.id = e.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM threat_blocks b JOIN projects p ON p.id = b.project_id
                                     WHERE p.org_id = o.id AND b.active_key IS NOT NULL)
                          || '|' || (SELECT COUNT(*) FROM chatops_schedules s JOIN projects p ON p.id = s.project_id
                                     WHERE p.org_id = o.id AND s.enabled = TRUE)
                          || '|' || (SELECT COUNT(*) FROM chatops_discord_roles d JOIN projects p ON p.id = d.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM chatops_donations d JOIN projects p ON p.id = d.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM chatops_containers c JOIN projects p ON p.id = c.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM chatops_schedules s JOIN projects p ON p.id = s.project_id WHERE p.org_id = o.id)
                          || '|' || (SELECT COUNT(*) FROM chatops_settings WHERE name LIKE 'mech.webhook-token:%')
                        FROM orgs o WHERE o.id = ?""").param(org).query(String.class).single();
    }
}
