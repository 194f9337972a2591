package dev.arena.identity;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.arena.identity.Tenants.email;
import static dev.arena.identity.Tenants.invitationToken;
import static dev.arena.identity.Tenants.join;
import static dev.arena.identity.Tenants.role;
import static dev.arena.identity.Tenants.userId;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.RecordedMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Organisations, members, invitations, teams, projects, grants and tiers through HTTP. Runs once per
 * database: see the subclasses.
 */
abstract class TenancyScenarios {

    /** An operator's address, unique to this run so that the operator registers afresh in every database. */
    static final String OPERATOR = Api.email("operator");

    @DynamicPropertySource
    static void operators(DynamicPropertyRegistry registry) {
        registry.add("arena.tenancy.operator-emails", () -> "someone@example.test, " + OPERATOR.toUpperCase());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordedMail mail;

    String org(String orgId) {
        return "/v1/orgs/" + orgId;
    }

    /** An owner's org with a second user in it as {@code role}. */
    record Pair(Api owner, Api other, String orgId) {
    }

    Pair orgWith(String role) {
        Api owner = Api.signedIn(port, "owner");
        Api other = Api.signedIn(port, role);
        String orgId = owner.createOrg("Org of " + role);
        join(owner, orgId, other, role, mail);
        return new Pair(owner, other, orgId);
    }

    private List<String> roleChanges(String orgId) {
        return jdbc.sql("SELECT detail FROM audit_events WHERE kind = 'RoleChanged' AND org_id = ? ORDER BY id")
                .param(Long.parseLong(orgId)).query(String.class).list();
    }

    @Test
    void theCreatorOwnsANewOrganisationOnTheFreeTierAndSeesItListed() {
        Api ada = Api.signedIn(port, "ada");

        var created = ada.post("/v1/orgs", Map.of("name", "  Lovelace Labs "));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Lovelace Labs");
        assertThat(created.text("tier")).isEqualTo("free");
        assertThat(created.text("role")).isEqualTo("owner");
        String orgId = created.text("id");
        assertThat(ada.get("/v1/orgs/" + orgId).text("name")).isEqualTo("Lovelace Labs");
        assertThat(ada.get("/v1/orgs").json().path("items").valueStream().map(o -> o.path("id").asString())).contains(orgId);
    }

    @Test
    void anotherUsersOrganisationAndItsProjectsAreNotFound() {
        Api ada = Api.signedIn(port, "ada");
        Api eve = Api.signedIn(port, "eve");
        String orgId = ada.createOrg("Ada's");
        ada.createProject(orgId, "secret");

        assertThat(eve.get("/v1/orgs/" + orgId).status()).isEqualTo(404);
        assertThat(eve.get("/v1/orgs/" + orgId + "/projects").status()).isEqualTo(404);
        var sneak = eve.post("/v1/orgs/" + orgId + "/projects", Map.of("name", "mine now"));
        assertThat(sneak.status()).isEqualTo(404);
        assertThat(sneak.isProblem()).isTrue();
        assertThat(eve.get("/v1/orgs").json().path("items").size()).isZero();
    }

    @Test
    void projectsArePagedWithACursorInCreationOrder() {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Paged");
        jdbc.sql("UPDATE orgs SET tier = 'pro' WHERE id = ?").param(Long.parseLong(orgId)).update();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(ada.createProject(orgId, "p" + i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            var page = ada.get("/v1/orgs/" + orgId + "/projects?limit=2&cursor=" + cursor).json();
            page.path("items").forEach(p -> seen.add(p.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(ada.get("/v1/orgs/" + orgId + "/projects?limit=0").status()).isEqualTo(422);
        assertThat(ada.get("/v1/orgs/" + orgId + "/projects?cursor=nonsense").status()).isEqualTo(422);
    }

    @Test
    void aDuplicateProjectNameIsAConflict() {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Dupes");
        ada.createProject(orgId, "same");

        var again = ada.post("/v1/orgs/" + orgId + "/projects", Map.of("name", "same"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
    }

    @Test
    void concurrentCreatesNeverExceedTheTiersProjectQuota() throws Exception {
        Api ada = Api.signedIn(port, "ada");
        String orgId = ada.createOrg("Racy");
        int attempts = 12;
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                String name = "race-" + i;
                results.add(pool.submit((Callable<Api.Response>) () -> {
                    start.await();
                    return ada.post("/v1/orgs/" + orgId + "/projects", Map.of("name", name));
                }));
            }
            start.countDown();
        }

        List<Integer> statuses = new ArrayList<>();
        for (var result : results) {
            statuses.add(result.get().status());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(attempts - 5);
        var refused = results.stream().map(f -> f.resultNow()).filter(r -> r.status() == 403).findFirst().orElseThrow();
        assertThat(refused.text("quota")).isEqualTo("projects");
        assertThat(refused.json().path("limit").asInt()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM projects WHERE org_id = ?").param(Long.parseLong(orgId)).query(Long.class).single())
                .isEqualTo(5);
    }

    @Test
    void malformedOrgRequestsAreProblems() {
        Api ada = Api.signedIn(port, "ada");

        assertThat(ada.post("/v1/orgs", "{\"name\":").status()).isEqualTo(400);
        assertThat(ada.post("/v1/orgs", Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(ada.post("/v1/orgs", Map.of("name", "x".repeat(101))).status()).isEqualTo(422);
        assertThat(ada.get("/v1/orgs/not-an-id").status()).isEqualTo(404);
        assertThat(Api.at(port).get("/v1/orgs").status()).isEqualTo(401);
    }

    // --- organisations -------------------------------------------------------------------------------

    @Test
    void adminsRenameAnOrganisationMembersMayNot() {
        Pair admin = orgWith("admin");
        Api member = Api.signedIn(port, "member");
        join(admin.owner(), admin.orgId(), member, "member", mail);

        var renamed = admin.other().patch(org(admin.orgId()), Map.of("name", " Renamed "));
        var refused = member.patch(org(admin.orgId()), Map.of("name", "Mine"));

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Renamed");
        assertThat(renamed.text("role")).isEqualTo("admin");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("role")).isEqualTo("admin");
        assertThat(admin.owner().patch(org(admin.orgId()), Map.of("name", "")).status()).isEqualTo(422);
    }

    @Test
    void onlyAnOwnerDeletesAnOrganisationWithEverythingInIt() {
        Pair admin = orgWith("admin");
        String projectId = admin.owner().createProject(admin.orgId(), "doomed");

        var refused = admin.other().delete(org(admin.orgId()));
        var deleted = admin.owner().delete(org(admin.orgId()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("role")).isEqualTo("owner");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(admin.owner().get(org(admin.orgId())).status()).isEqualTo(404);
        assertThat(admin.owner().get("/v1/projects/" + projectId).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT kind FROM audit_events WHERE org_id = ? ORDER BY id").param(Long.parseLong(admin.orgId()))
                .query(String.class).list()).endsWith("ProjectDeleted", "OrgDeleted");
    }

    // --- members -------------------------------------------------------------------------------------

    @Test
    void membersSeeEachOtherInPages() {
        Pair pair = orgWith("member");
        Api third = Api.signedIn(port, "third");
        join(pair.owner(), pair.orgId(), third, "admin", mail);

        var first = pair.other().get(org(pair.orgId()) + "/members?limit=2").json();
        var rest = pair.other().get(org(pair.orgId()) + "/members?limit=2&cursor=" + first.path("nextCursor").asString()).json();

        assertThat(first.path("items").size()).isEqualTo(2);
        assertThat(rest.path("items").size()).isEqualTo(1);
        assertThat(rest.path("nextCursor").isNull()).isTrue();
        assertThat(first.path("items").get(0).path("role").asString()).isEqualTo("owner");
        assertThat(first.path("items").get(0).path("userId").isString()).isTrue();
        assertThat(rest.path("items").get(0).path("email").asString()).isEqualTo(email(third));
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemotedNorRemoved() {
        Pair admin = orgWith("admin");
        String ownerId = userId(admin.owner());

        var leave = admin.owner().delete(org(admin.orgId()) + "/members/" + ownerId);
        var demote = admin.owner().patch(org(admin.orgId()) + "/members/" + ownerId, role("admin"));
        var removedByAdmin = admin.other().delete(org(admin.orgId()) + "/members/" + ownerId);

        assertThat(leave.status()).isEqualTo(409);
        assertThat(leave.isProblem()).isTrue();
        assertThat(demote.status()).isEqualTo(409);
        assertThat(removedByAdmin.status()).as("only owners remove owners").isEqualTo(403);
        assertThat(admin.owner().get(org(admin.orgId())).text("role")).isEqualTo("owner");
    }

    @Test
    void anOwnerMayLeaveOnceThereIsAnotherOwner() {
        Pair pair = orgWith("owner");

        assertThat(pair.owner().delete(org(pair.orgId()) + "/members/" + userId(pair.owner())).status()).isEqualTo(204);

        assertThat(pair.owner().get(org(pair.orgId())).status()).isEqualTo(404);
        assertThat(pair.other().delete(org(pair.orgId()) + "/members/" + userId(pair.other())).status()).isEqualTo(409);
    }

    @Test
    void twoOwnersLeavingAtOnceLeaveOneBehind() throws Exception {
        Pair owners = orgWith("owner");
        String members = org(owners.orgId()) + "/members/";
        var start = new CountDownLatch(1);
        Future<Api.Response> first;
        Future<Api.Response> second;
        try (var pool = Executors.newFixedThreadPool(2)) {
            first = pool.submit(() -> {
                start.await();
                return owners.owner().delete(members + userId(owners.owner()));
            });
            second = pool.submit(() -> {
                start.await();
                return owners.other().delete(members + userId(owners.other()));
            });
            start.countDown();
        }

        assertThat(List.of(first.get().status(), second.get().status())).containsExactlyInAnyOrder(204, 409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM org_members WHERE org_id = ? AND role = 'owner'")
                .param(Long.parseLong(owners.orgId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void adminsManageMembersButOnlyOwnersMakeOrUnmakeOwners() {
        Pair admin = orgWith("admin");
        Api member = Api.signedIn(port, "member");
        join(admin.owner(), admin.orgId(), member, "member", mail);
        String members = org(admin.orgId()) + "/members/";

        var promoteToOwner = admin.other().patch(members + userId(member), role("owner"));
        var demoteOwner = admin.other().patch(members + userId(admin.owner()), role("member"));
        var promoteToAdmin = admin.other().patch(members + userId(member), role("admin"));
        var byOwner = admin.owner().patch(members + userId(member), role("owner"));

        assertThat(promoteToOwner.status()).isEqualTo(403);
        assertThat(promoteToOwner.text("role")).isEqualTo("owner");
        assertThat(demoteOwner.status()).isEqualTo(403);
        assertThat(promoteToAdmin.status()).isEqualTo(200);
        assertThat(promoteToAdmin.text("role")).isEqualTo("admin");
        assertThat(byOwner.text("role")).isEqualTo("owner");
        assertThat(admin.owner().patch(members + userId(member), role("king")).status()).isEqualTo(422);
        assertThat(admin.owner().patch(members + "12345", role("admin")).status()).isEqualTo(404);
    }

    @Test
    void aMemberMayLeaveButNotRemoveOthers() {
        Pair pair = orgWith("member");
        Api another = Api.signedIn(port, "another");
        join(pair.owner(), pair.orgId(), another, "member", mail);

        var removeOther = pair.other().delete(org(pair.orgId()) + "/members/" + userId(another));
        var leave = pair.other().delete(org(pair.orgId()) + "/members/" + userId(pair.other()));

        assertThat(removeOther.status()).isEqualTo(403);
        assertThat(removeOther.text("role")).isEqualTo("admin");
        assertThat(leave.status()).isEqualTo(204);
        assertThat(pair.other().get(org(pair.orgId())).status()).isEqualTo(404);
    }

    @Test
    void transferringOwnershipMakesTheOldOwnerAnAdmin() {
        Pair pair = orgWith("member");
        String path = org(pair.orgId()) + "/transfer-ownership";

        assertThat(pair.other().post(path, Map.of("userId", userId(pair.owner()))).status()).isEqualTo(403);
        assertThat(pair.owner().post(path, Map.of("userId", "999")).status()).isEqualTo(422);
        assertThat(pair.owner().post(path, Map.of("userId", userId(pair.owner()))).status()).isEqualTo(422);
        var transferred = pair.owner().post(path, Map.of("userId", userId(pair.other())));

        assertThat(transferred.status()).isEqualTo(204);
        assertThat(pair.other().get(org(pair.orgId())).text("role")).isEqualTo("owner");
        assertThat(pair.owner().get(org(pair.orgId())).text("role")).isEqualTo("admin");
        assertThat(pair.owner().delete(org(pair.orgId())).status()).isEqualTo(403);
    }

    @Test
    void everyRoleChangeIsAuditedFromAndToNone() {
        Pair pair = orgWith("member");
        String memberId = userId(pair.other());
        pair.owner().patch(org(pair.orgId()) + "/members/" + memberId, role("admin"));
        pair.owner().delete(org(pair.orgId()) + "/members/" + memberId);

        assertThat(roleChanges(pair.orgId())).containsExactly(
                "member " + memberId + ": none -> member",
                "member " + memberId + ": member -> admin",
                "member " + memberId + ": admin -> none");
    }

    // --- invitations ---------------------------------------------------------------------------------

    @Test
    void anInvitationIsMailedListedAndAcceptedOnce() {
        Api owner = Api.signedIn(port, "owner");
        Api bob = Api.signedIn(port, "bob");
        String orgId = owner.createOrg("Inviting");

        var invited = owner.post(org(orgId) + "/invitations", Map.of("email", " " + email(bob).toUpperCase(), "role", "admin"));
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.text("email")).isEqualTo(email(bob));
        assertThat(invited.json().has("token")).isFalse();
        assertThat(java.time.Duration.between(Instant.parse(invited.text("createdAt")), Instant.parse(invited.text("expiresAt"))))
                .as("arena.identity.invitation-ttl").isEqualTo(java.time.Duration.ofDays(7));
        assertThat(owner.get(org(orgId) + "/invitations").json().path("items").get(0).path("id").asString()).isEqualTo(invited.text("id"));
        String token = invitationToken(mail, email(bob));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitations WHERE token_hash = ?").param(token).query(Long.class).single())
                .as("only the digest is stored").isZero();

        var accepted = bob.post("/v1/invitations/accept", Map.of("token", token));

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.text("id")).isEqualTo(orgId);
        assertThat(accepted.text("role")).isEqualTo("admin");
        assertThat(owner.get(org(orgId) + "/invitations").json().path("items").size()).isZero();
        var reused = bob.post("/v1/invitations/accept", Map.of("token", token));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.text("type")).isEqualTo("urn:arena:problem:token-unusable");
    }

    @Test
    void anExpiredInvitationIsUnusable() {
        Api owner = Api.signedIn(port, "owner");
        Api bob = Api.signedIn(port, "bob");
        String orgId = owner.createOrg("Slow");
        owner.post(org(orgId) + "/invitations", Map.of("email", email(bob), "role", "member"));
        jdbc.sql("UPDATE invitations SET expires_at = ? WHERE org_id = ?").params(Db.ts(Instant.now().minusSeconds(1)), Long.parseLong(orgId)).update();

        var late = bob.post("/v1/invitations/accept", Map.of("token", invitationToken(mail, email(bob))));

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.text("type")).isEqualTo("urn:arena:problem:token-unusable");
        assertThat(bob.get(org(orgId)).status()).isEqualTo(404);
        assertThat(owner.get(org(orgId) + "/invitations").json().path("items").size()).isZero();
    }

    @Test
    void anInvitationForSomeoneElseIsUnusableAndStaysForItsAddressee() {
        Api owner = Api.signedIn(port, "owner");
        Api bob = Api.signedIn(port, "bob");
        Api eve = Api.signedIn(port, "eve");
        String orgId = owner.createOrg("Private name");
        owner.post(org(orgId) + "/invitations", Map.of("email", email(bob), "role", "member"));
        String token = invitationToken(mail, email(bob));

        var stolen = eve.post("/v1/invitations/accept", Map.of("token", token));

        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.text("type")).isEqualTo("urn:arena:problem:token-unusable");
        assertThat(stolen.body()).doesNotContain("Private name", orgId);
        assertThat(eve.get(org(orgId)).status()).isEqualTo(404);
        assertThat(bob.post("/v1/invitations/accept", Map.of("token", token)).status()).isEqualTo(200);
        assertThat(Api.at(port).post("/v1/invitations/accept", Map.of("token", token)).status()).isEqualTo(401);
    }

    @Test
    void invitationsAreForAdminsAndForNewAddressesOnly() {
        Pair pair = orgWith("member");
        Pair admins = orgWith("admin");
        String invitations = org(pair.orgId()) + "/invitations";

        assertThat(pair.other().post(invitations, Map.of("email", Api.email("x"), "role", "member")).status()).isEqualTo(403);
        assertThat(pair.other().get(invitations).status()).isEqualTo(403);
        assertThat(pair.owner().post(invitations, Map.of("email", email(pair.other()), "role", "member")).status()).isEqualTo(409);
        String fresh = Api.email("fresh");
        assertThat(pair.owner().post(invitations, Map.of("email", fresh, "role", "member")).status()).isEqualTo(201);
        assertThat(pair.owner().post(invitations, Map.of("email", fresh, "role", "admin")).status()).isEqualTo(409);
        assertThat(pair.owner().post(invitations, Map.of("email", "not an address", "role", "member")).status()).isEqualTo(422);
        assertThat(pair.owner().post(invitations, Map.of("email", Api.email("y"), "role", "emperor")).status()).isEqualTo(422);
        var ownerByAdmin = admins.other().post(org(admins.orgId()) + "/invitations", Map.of("email", Api.email("z"), "role", "owner"));
        assertThat(ownerByAdmin.status()).isEqualTo(403);
        assertThat(ownerByAdmin.text("role")).isEqualTo("owner");
    }

    @Test
    void aRevokedInvitationCannotBeAcceptedAndFreesItsSeat() {
        Api owner = Api.signedIn(port, "owner");
        Api bob = Api.signedIn(port, "bob");
        String orgId = owner.createOrg("Fickle");
        String invitationId = owner.post(org(orgId) + "/invitations", Map.of("email", email(bob), "role", "member")).text("id");
        assertThat(usedOf(owner, orgId, "members")).isEqualTo(2);

        assertThat(owner.delete(org(orgId) + "/invitations/" + invitationId).status()).isEqualTo(204);

        assertThat(usedOf(owner, orgId, "members")).isEqualTo(1);
        assertThat(bob.post("/v1/invitations/accept", Map.of("token", invitationToken(mail, email(bob)))).status()).isEqualTo(400);
        assertThat(owner.delete(org(orgId) + "/invitations/" + invitationId).status()).isEqualTo(404);
    }

    @Test
    void concurrentInvitationsNeverExceedTheMemberQuota() throws Exception {
        Api owner = Api.signedIn(port, "owner");
        String orgId = owner.createOrg("Crowded");
        int attempts = 14;
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                String email = Api.email("crowd" + i);
                results.add(pool.submit((Callable<Api.Response>) () -> {
                    start.await();
                    return owner.post(org(orgId) + "/invitations", Map.of("email", email, "role", "member"));
                }));
            }
            start.countDown();
        }

        List<Api.Response> responses = new ArrayList<>();
        for (var result : results) {
            responses.add(result.get());
        }
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(9);
        assertThat(responses).filteredOn(r -> r.status() == 403).hasSize(attempts - 9)
                .allSatisfy(r -> assertThat(r.text("quota")).isEqualTo("members"));
        assertThat(usedOf(owner, orgId, "members")).isEqualTo(10);
    }

    // --- teams ---------------------------------------------------------------------------------------

    @Test
    void adminsRunTeamsOfMembersWithinTheTeamQuota() {
        Pair pair = orgWith("member");
        Api outsider = Api.signedIn(port, "outsider");
        String teams = org(pair.orgId()) + "/teams";
        var red = pair.owner().post(teams, Map.of("name", "red"));
        String redTeam = teams + "/" + red.text("id");

        assertThat(red.status()).isEqualTo(201);
        assertThat(pair.other().post(teams, Map.of("name", "blue")).status()).isEqualTo(403);
        assertThat(pair.owner().post(teams, Map.of("name", "red")).status()).isEqualTo(409);
        assertThat(pair.owner().put(redTeam + "/members/" + userId(pair.other()), Map.of()).status()).isEqualTo(204);
        assertThat(pair.owner().put(redTeam + "/members/" + userId(pair.other()), Map.of()).status()).as("idempotent").isEqualTo(204);
        assertThat(pair.owner().put(redTeam + "/members/" + userId(outsider), Map.of()).status()).isEqualTo(404);
        assertThat(pair.other().get(redTeam + "/members").json().path("items").get(0).path("userId").asString())
                .isEqualTo(userId(pair.other()));
        assertThat(pair.owner().patch(redTeam, Map.of("name", "crimson")).text("name")).isEqualTo("crimson");
        assertThat(pair.other().get(teams).json().path("items").get(0).path("name").asString()).isEqualTo("crimson");
        assertThat(pair.owner().delete(redTeam + "/members/" + userId(pair.other())).status()).isEqualTo(204);
        assertThat(pair.owner().delete(redTeam + "/members/" + userId(pair.other())).status()).isEqualTo(404);
        assertThat(pair.owner().delete(redTeam).status()).isEqualTo(204);
        assertThat(pair.owner().get(redTeam + "/members").status()).isEqualTo(404);

        for (int i = 0; i < 5; i++) {
            assertThat(pair.owner().post(teams, Map.of("name", "t" + i)).status()).isEqualTo(201);
        }
        var sixth = pair.owner().post(teams, Map.of("name", "one too many"));
        assertThat(sixth.status()).isEqualTo(403);
        assertThat(sixth.text("quota")).isEqualTo("teams");
    }

    // --- projects and grants -------------------------------------------------------------------------

    @Test
    void readersSeeAProjectAdminsChangeAndDeleteIt() {
        Pair pair = orgWith("member");
        String projectId = pair.owner().createProject(pair.orgId(), "range");
        String project = "/v1/projects/" + projectId;
        pair.owner().put(project + "/grants/user/" + userId(pair.other()), role("reader"));

        assertThat(pair.other().get(project).text("name")).isEqualTo("range");
        var refused = pair.other().patch(project, Map.of("name", "mine"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("role")).isEqualTo("admin");
        var changed = pair.owner().patch(project, Map.of("description", "the practice range"));
        assertThat(changed.text("name")).isEqualTo("range");
        assertThat(changed.text("description")).isEqualTo("the practice range");
        assertThat(pair.owner().patch(project, Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(pair.other().delete(project).status()).isEqualTo(403);
        assertThat(pair.owner().delete(project).status()).isEqualTo(204);
        assertThat(pair.owner().get(project).status()).isEqualTo(404);
        assertThat(pair.other().get(project).status()).isEqualTo(404);
    }

    @Test
    void managersGrantUpToTheirOwnRole() {
        Pair pair = orgWith("member");
        Api helper = Api.signedIn(port, "helper");
        join(pair.owner(), pair.orgId(), helper, "member", mail);
        String project = "/v1/projects/" + pair.owner().createProject(pair.orgId(), "shared");
        pair.owner().put(project + "/grants/user/" + userId(pair.other()), role("manager"));
        Api manager = pair.other();

        var tooHigh = manager.put(project + "/grants/user/" + userId(helper), role("admin"));
        var writer = manager.put(project + "/grants/user/" + userId(helper), role("writer"));
        pair.owner().put(project + "/grants/user/" + userId(helper), role("admin"));
        var demoteAdmin = manager.put(project + "/grants/user/" + userId(helper), role("reader"));
        var revokeAdmin = manager.delete(project + "/grants/user/" + userId(helper));

        assertThat(tooHigh.status()).isEqualTo(403);
        assertThat(tooHigh.text("role")).isEqualTo("admin");
        assertThat(writer.status()).isEqualTo(200);
        assertThat(writer.text("role")).isEqualTo("writer");
        assertThat(writer.text("subjectId")).isEqualTo(userId(helper));
        assertThat(demoteAdmin.status()).isEqualTo(403);
        assertThat(revokeAdmin.status()).isEqualTo(403);
        assertThat(manager.get(project + "/grants").json().path("items").size()).isEqualTo(2);
        assertThat(pair.owner().delete(project + "/grants/user/" + userId(helper)).status()).isEqualTo(204);
        assertThat(pair.owner().delete(project + "/grants/user/" + userId(helper)).status()).isEqualTo(404);
        assertThat(helper.get(project).status()).isEqualTo(404);
    }

    @Test
    void grantsGoOnlyToSubjectsOfTheProjectsOrganisation() {
        Pair pair = orgWith("member");
        Api stranger = Api.signedIn(port, "stranger");
        String strangersOrg = stranger.createOrg("Elsewhere");
        String strangersTeam = stranger.post(org(strangersOrg) + "/teams", Map.of("name", "theirs")).text("id");
        String grants = "/v1/projects/" + pair.owner().createProject(pair.orgId(), "guarded") + "/grants/";

        assertThat(pair.owner().put(grants + "user/" + userId(stranger), role("reader")).status()).isEqualTo(404);
        assertThat(pair.owner().put(grants + "team/" + strangersTeam, role("reader")).status()).isEqualTo(404);
        assertThat(pair.owner().put(grants + "client/42", role("reader")).status()).isEqualTo(404);
        assertThat(pair.owner().put(grants + "robot/42", role("reader")).status()).isEqualTo(404);
        assertThat(pair.owner().put(grants + "user/" + userId(pair.other()), role("root")).status()).isEqualTo(422);
        assertThat(pair.owner().put(grants + "user/" + userId(pair.other()), Map.of()).status()).isEqualTo(422);
    }

    @Test
    void everyGrantChangeIsAuditedAsARoleChange() {
        Pair pair = orgWith("member");
        String projectId = pair.owner().createProject(pair.orgId(), "audited");
        String grant = "/v1/projects/" + projectId + "/grants/user/" + userId(pair.other());
        pair.owner().put(grant, role("reader"));
        pair.owner().put(grant, role("writer"));
        pair.owner().delete(grant);

        String target = "project " + projectId + " user " + userId(pair.other());
        assertThat(roleChanges(pair.orgId())).endsWith(target + ": none -> reader", target + ": reader -> writer", target + ": writer -> none");
    }

    @Test
    void teamGrantsGiveTheirMembersProjectAccess() {
        Pair pair = orgWith("member");
        String project = "/v1/projects/" + pair.owner().createProject(pair.orgId(), "team work");
        String team = org(pair.orgId()) + "/teams/" + pair.owner().post(org(pair.orgId()) + "/teams", Map.of("name", "blue")).text("id");
        String teamId = team.substring(team.lastIndexOf('/') + 1);
        pair.owner().put(project + "/grants/team/" + teamId, role("writer"));
        assertThat(pair.other().get(project).status()).isEqualTo(404);

        pair.owner().put(team + "/members/" + userId(pair.other()), Map.of());
        assertThat(pair.other().get(project).status()).isEqualTo(200);
        assertThat(pair.other().get(project + "/grants").text("role")).isEqualTo("manager");
        assertThat(pair.other().get("/v1/orgs/" + pair.orgId() + "/projects").json().path("items").size()).isEqualTo(1);

        pair.owner().delete(team + "/members/" + userId(pair.other()));
        assertThat(pair.other().get(project).status()).isEqualTo(404);
    }

    @Test
    void removingAMemberRevokesTheirProjectAccessAtOnce() {
        Pair pair = orgWith("member");
        String projectId = pair.owner().createProject(pair.orgId(), "was shared");
        String teamId = pair.owner().post(org(pair.orgId()) + "/teams", Map.of("name", "gone")).text("id");
        pair.owner().put(org(pair.orgId()) + "/teams/" + teamId + "/members/" + userId(pair.other()), Map.of());
        pair.owner().put("/v1/projects/" + projectId + "/grants/user/" + userId(pair.other()), role("writer"));
        assertThat(pair.other().get("/v1/projects/" + projectId).status()).isEqualTo(200);

        assertThat(pair.owner().delete(org(pair.orgId()) + "/members/" + userId(pair.other())).status()).isEqualTo(204);

        assertThat(pair.other().get("/v1/projects/" + projectId).status()).isEqualTo(404);
        long userId = Long.parseLong(userId(pair.other()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM team_members WHERE user_id = ?").param(userId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM project_grants WHERE subject_id = ?").param(userId).query(Long.class).single()).isZero();
        join(pair.owner(), pair.orgId(), pair.other(), "member", mail);
        assertThat(pair.other().get("/v1/projects/" + projectId).status()).as("rejoining restores no old grant").isEqualTo(404);
    }

    // --- tiers and usage -----------------------------------------------------------------------------

    @Test
    void anyoneMayReadTheTiers() {
        var tiers = Api.at(port).get("/v1/tiers");

        assertThat(tiers.status()).isEqualTo(200);
        var items = tiers.json().path("items");
        assertThat(items.valueStream().map(t -> t.path("name").asString())).containsExactly("free", "pro", "enterprise");
        assertThat(items.get(0).path("limits").path("projects").asInt()).isEqualTo(5);
        assertThat(items.get(1).path("limits").path("certificates").asInt()).isEqualTo(500);
        assertThat(items.get(2).path("limits").path("members").isNull()).isTrue();
    }

    @Test
    void membersSeeTheirOrganisationsUsage() {
        Pair pair = orgWith("member");
        pair.owner().createProject(pair.orgId(), "one");
        pair.owner().post(org(pair.orgId()) + "/invitations", Map.of("email", Api.email("pending"), "role", "member"));

        var usage = pair.other().get(org(pair.orgId()) + "/usage");

        assertThat(usage.text("tier")).isEqualTo("free");
        assertThat(usedOf(pair.other(), pair.orgId(), "projects")).isEqualTo(1);
        assertThat(usedOf(pair.other(), pair.orgId(), "members")).as("two members and a pending invitation").isEqualTo(3);
        assertThat(usage.json().path("quotas").get(0).path("limit").asInt()).isEqualTo(5);
    }

    @Test
    void onlyAVerifiedOperatorMovesAnOrganisationToAnotherTier() {
        Api owner = Api.signedIn(port, "owner");
        String orgId = owner.createOrg("Upgrading");
        Api outsider = Api.signedIn(port, "outsider");
        Api operator = Api.at(port);
        operator.post("/v1/auth/register", Map.of("email", OPERATOR, "password", Api.PASSWORD, "displayName", "Op"));
        operator.bearer(operator.post("/v1/auth/login", Map.of("email", OPERATOR, "password", Api.PASSWORD, "client", "cli")).text("token"));
        String tier = org(orgId) + "/tier";

        var byOwner = owner.put(tier, Map.of("tier", "enterprise"));
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(byOwner.text("role")).isEqualTo("operator");
        assertThat(outsider.put(tier, Map.of("tier", "enterprise")).status()).isEqualTo(404);
        assertThat(operator.put(tier, Map.of("tier", "pro")).status()).as("address not verified yet").isEqualTo(404);

        String token = mail.lastToken(OPERATOR, "art_").orElseThrow();
        assertThat(Api.at(port).post("/v1/auth/verify-email", Map.of("token", token)).status()).isEqualTo(204);
        var moved = operator.put(tier, Map.of("tier", "pro"));

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.text("tier")).isEqualTo("pro");
        assertThat(owner.get(org(orgId)).text("tier")).isEqualTo("pro");
        assertThat(operator.put(tier, Map.of("tier", "platinum")).status()).isEqualTo(422);
        assertThat(operator.put(org("424242") + "/tier", Map.of("tier", "pro")).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT detail FROM audit_events WHERE kind = 'TierChanged' AND org_id = ?").param(Long.parseLong(orgId))
                .query(String.class).list()).containsExactly("tier free -> pro");
    }

    @Test
    void quotasAreExposedAsMetricsWithoutPerOrganisationTags() {
        Api owner = Api.signedIn(port, "owner");
        String orgId = owner.createOrg("Measured");
        for (int i = 0; i < 6; i++) {
            owner.post(org(orgId) + "/projects", Map.of("name", "m" + i));
        }

        String metrics = Api.at(port).send("GET", "/metrics", null, Map.of("Accept", "text/plain")).body();

        assertThat(metrics).contains("arena_tenancy_quota_used{quota=\"projects\"}", "arena_tenancy_quota_used{quota=\"members\"}");
        assertThat(metrics).containsPattern("arena_tenancy_quota_refused_total\\{quota=\"projects\"} [1-9]");
        assertThat(metrics.lines().filter(l -> l.startsWith("arena_tenancy")).toList()).noneMatch(l -> l.contains(orgId));
    }

    @Test
    void theTenancyRoutesAreDescribedWithTheirProblems() {
        var paths = Api.at(port).get("/v3/api-docs").json().path("paths");

        assertThat(paths.path("/v1/orgs/{orgId}/members/{userId}").path("patch").path("responses").has("409")).isTrue();
        assertThat(paths.path("/v1/projects/{projectId}/grants/{subjectType}/{subjectId}").path("put").path("responses").has("404")).isTrue();
        assertThat(paths.has("/v1/invitations/accept")).isTrue();
        assertThat(paths.has("/v1/tiers")).isTrue();
    }

    private long usedOf(Api member, String orgId, String quota) {
        return member.get(org(orgId) + "/usage").json().path("quotas").valueStream()
                .filter(q -> q.path("quota").asString().equals(quota)).findFirst().orElseThrow().path("used").asLong();
    }
}
