package dev.arena.console;

import static dev.arena.console.ConsoleRequests.HTMX;
import static dev.arena.console.ConsoleRequests.PAGE;
import static dev.arena.console.ConsoleRequests.webUser;
import static dev.arena.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.Tenants;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The project admins' pages over plain HTTP, as htmx speaks to them: members and their grants (managers grant,
 * change and revoke roles up to their own, under the identity module's rules) and Discord role and channel
 * mappings (managers see, admins change) — refusals in the form's own box, readers refused, other tenants shown
 * nothing, strangers sent to sign in, and every change needing the CSRF token.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    private Api owner;
    private Api manager;
    private Api reader;
    private Api stranger;
    private String org = "";
    private String project = "";
    private String grants = "";
    private String discord = "";
    private String team = "";
    private String strangersDiscord = "";

    @BeforeAll
    void setUp() {
        owner = webUser(port, Api.email("admin-owner"));
        org = owner.createOrg("Admin Secret Org");
        project = owner.createProject(org, "admin-secret-project");
        grants = "/console/projects/" + project + "/grants";
        discord = "/console/projects/" + project + "/discord";
        team = owner.post("/v1/orgs/" + org + "/teams", Map.of("name", "admin-secret-team")).text("id");
        manager = member("admin-manager", "manager");
        reader = member("admin-reader", "reader");
        stranger = webUser(port, Api.email("admin-stranger"));
        strangersDiscord = "/console/projects/" + stranger.createProject(stranger.createOrg("Admin Strangers Org"), "admin-strangers-project")
                + "/discord";
    }

    @Test
    void aManagerGrantsChangesAndRevokesRolesAndTheApiSeesEachChange() {
        String newcomerId = Tenants.userId(member("admin-newcomer", null));

        var page = manager.send("GET", grants, null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"nav-grants\"", "id=\"new-grant\"", "value=\"user:" + newcomerId + "\"",
                "value=\"team:" + team + "\"", "admin-secret-team", "id=\"grant-user-" + Tenants.userId(reader) + "\"");

        var granted = manager.send("POST", grants, form("subject", "user:" + newcomerId, "role", "writer"), aimedAt("grant-problem"));
        assertThat(granted.header("HX-Refresh")).as(granted.toString()).isEqualTo("true");
        assertThat(roleOf("user", newcomerId)).isEqualTo("writer");
        assertThat(manager.send("GET", grants, null, PAGE).body()).contains("id=\"grant-user-" + newcomerId + "\"");

        var changed = manager.send("POST", grants + "/user/" + newcomerId, form("role", "reader"),
                aimedAt("grant-user-" + newcomerId + "-problem"));
        assertThat(changed.header("HX-Refresh")).as(changed.toString()).isEqualTo("true");
        assertThat(roleOf("user", newcomerId)).isEqualTo("reader");

        assertThat(manager.send("POST", grants, form("subject", "team:" + team, "role", "manager"), aimedAt("grant-problem"))
                .header("HX-Refresh")).isEqualTo("true");
        assertThat(roleOf("team", team)).isEqualTo("manager");

        var revoked = manager.send("POST", grants + "/user/" + newcomerId + "/revoke", "", HTMX);
        assertThat(revoked.header("HX-Refresh")).as(revoked.toString()).isEqualTo("true");
        assertThat(roleOf("user", newcomerId)).isNull();
    }

    @Test
    void theGrantRulesRefuseInTheFormsOwnBoxAndNothingChanges() {
        Api senior = member("admin-senior", "admin");
        String seniorId = Tenants.userId(senior);
        String newcomerId = Tenants.userId(member("admin-refused", null));

        var aboveOwnRole = manager.send("POST", grants, form("subject", "user:" + newcomerId, "role", "admin"), aimedAt("grant-problem"));
        assertThat(aboveOwnRole.status()).isEqualTo(403);
        assertThat(aboveOwnRole.header("HX-Retarget")).isEqualTo("#grant-problem");
        assertThat(aboveOwnRole.body()).contains("403", "admin");
        assertThat(roleOf("user", newcomerId)).isNull();

        String row = "grant-user-" + seniorId + "-problem";
        var anAdminsGrant = manager.send("POST", grants + "/user/" + seniorId, form("role", "reader"), aimedAt(row));
        assertThat(anAdminsGrant.status()).isEqualTo(403);
        assertThat(anAdminsGrant.header("HX-Retarget")).isEqualTo("#" + row);
        assertThat(manager.send("POST", grants + "/user/" + seniorId + "/revoke", "", HTMX).status()).isEqualTo(403);
        assertThat(roleOf("user", seniorId)).isEqualTo("admin");

        var outsider = manager.send("POST", grants, form("subject", "user:" + Tenants.userId(stranger), "role", "reader"),
                aimedAt("grant-problem"));
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.header("HX-Retarget")).isEqualTo("#grant-problem");
        assertThat(roleOf("user", Tenants.userId(stranger))).isNull();

        var badRole = manager.send("POST", grants, form("subject", "user:" + newcomerId, "role", "owner"), aimedAt("grant-problem"));
        assertThat(badRole.status()).isEqualTo(422);
        assertThat(badRole.body()).contains("data-field=\"role\"");
        assertThat(roleOf("user", newcomerId)).isNull();
    }

    @Test
    void readersAreRefusedTheMembersAndDiscordPagesBeforeAnyFormIsRead() {
        for (String path : List.of(grants, discord)) {
            var page = reader.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).doesNotContain("admin-secret-team", "id=\"new-grant\"", "id=\"new-mapping\"");
        }
        assertThat(reader.send("GET", "/console/projects/" + project, null, PAGE).body()).doesNotContain("nav-grants", "nav-discord");
        String readerId = Tenants.userId(reader);
        assertThat(reader.send("POST", grants, form("subject", "user:" + readerId, "role", "owner"), aimedAt("grant-problem")).status())
                .isEqualTo(403);
        assertThat(reader.send("POST", grants + "/user/" + readerId, form("role", "manager"), HTMX).status()).isEqualTo(403);
        assertThat(reader.send("POST", grants + "/user/" + readerId + "/revoke", "", HTMX).status()).isEqualTo(403);
        assertThat(reader.send("POST", discord, form("kind", "role", "discordId", "not-a-number", "role", "admin"),
                aimedAt("mapping-problem")).status()).isEqualTo(403);
        assertThat(roleOf("user", readerId)).isEqualTo("reader");
    }

    @Test
    void anAdminMapsChangesAndRemovesDiscordRolesAndChannels() {
        var mapped = owner.send("POST", discord, form("kind", "role", "discordId", "111222333", "role", "manager"), aimedAt("mapping-problem"));
        assertThat(mapped.header("HX-Refresh")).as(mapped.toString()).isEqualTo("true");
        owner.send("POST", discord, form("kind", "channel", "discordId", "444555666", "role", "reader"), aimedAt("mapping-problem"));
        assertThat(mappings()).containsEntry("role 111222333", "manager").containsEntry("channel 444555666", "reader");

        var page = owner.send("GET", discord, null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"nav-discord\"", "id=\"new-mapping\"", "id=\"mapping-role-111222333\"",
                "id=\"mapping-channel-444555666\"");

        var changed = owner.send("POST", discord, form("kind", "role", "discordId", "111222333", "role", "writer"),
                aimedAt("mapping-role-111222333-problem"));
        assertThat(changed.header("HX-Refresh")).isEqualTo("true");
        assertThat(mappings()).containsEntry("role 111222333", "writer");

        var badId = owner.send("POST", discord, form("kind", "role", "discordId", "@players", "role", "reader"), aimedAt("mapping-problem"));
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.header("HX-Retarget")).isEqualTo("#mapping-problem");
        assertThat(badId.body()).contains("data-field=\"discordId\"", "a Discord id is a number");
        var badRole = owner.send("POST", discord, form("kind", "channel", "discordId", "777", "role", "owner"), aimedAt("mapping-problem"));
        assertThat(badRole.body()).contains("data-field=\"role\"");

        assertThat(owner.send("POST", discord + "/channel/444555666/delete", "", HTMX).header("HX-Refresh")).isEqualTo("true");
        assertThat(mappings()).doesNotContainKey("channel 444555666").doesNotContainKey("channel 777");
        assertThat(owner.send("POST", discord + "/channel/444555666/delete", "", HTMX).status()).isEqualTo(404);
    }

    @Test
    void managersSeeTheDiscordMappingsButChangeNone() {
        owner.put("/v1/projects/" + project + "/discord-roles/role/999888", Map.of("role", "reader"));

        var page = manager.send("GET", discord, null, PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"mapping-role-999888\"").doesNotContain("id=\"new-mapping\"", "class=\"contrast unmap\"");
        assertThat(manager.send("POST", discord, form("kind", "role", "discordId", "999888", "role", "admin"),
                aimedAt("mapping-role-999888-problem")).status()).isEqualTo(403);
        assertThat(manager.send("POST", discord + "/role/999888/delete", "", HTMX).status()).isEqualTo(403);
        assertThat(mappings()).containsEntry("role 999888", "reader");
    }

    @Test
    void anotherTenantSeesNothingAndChangesNothing() {
        owner.put("/v1/projects/" + project + "/discord-roles/channel/31337", Map.of("role", "admin"));
        String readerId = Tenants.userId(reader);

        for (String path : List.of(grants, discord)) {
            var page = stranger.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).doesNotContain("admin-secret", "31337", readerId);
        }
        String strangerId = Tenants.userId(stranger);
        for (var post : List.of(
                List.of(grants, form("subject", "user:" + strangerId, "role", "admin")),
                List.of(grants + "/user/" + readerId, form("role", "admin")),
                List.of(grants + "/user/" + readerId + "/revoke", ""),
                List.of(discord, form("kind", "role", "discordId", "1", "role", "admin")),
                List.of(discord + "/channel/31337/delete", ""))) {
            var refused = stranger.send("POST", post.get(0), post.get(1), HTMX);
            assertThat(refused.status()).as(post.get(0)).isEqualTo(404);
            assertThat(refused.body()).as(post.get(0)).doesNotContain("admin-secret", "31337");
        }
        assertThat(roleOf("user", readerId)).isEqualTo("reader");
        assertThat(roleOf("user", strangerId)).isNull();
        assertThat(mappings()).containsEntry("channel 31337", "admin").doesNotContainKey("role 1");
    }

    /** Regression: another tenant's project could map this project's channel and, being older, take it over. */
    @Test
    void anotherTenantCannotMapAChannelThisProjectHolds() {
        owner.put("/v1/projects/" + project + "/discord-roles/channel/8675309", Map.of("role", "manager"));

        var taken = stranger.send("POST", strangersDiscord, form("kind", "channel", "discordId", "8675309", "role", "admin"),
                aimedAt("mapping-problem"));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.header("HX-Retarget")).isEqualTo("#mapping-problem");
        assertThat(taken.body()).contains("data-field=\"discordId\"", "mapped to another project").doesNotContain("admin-secret");
        assertThat(stranger.send("GET", strangersDiscord, null, PAGE).body()).doesNotContain("8675309");
        assertThat(mappings()).containsEntry("channel 8675309", "manager");
    }

    @Test
    void aStrangerIsSentToSignInAndEveryChangeNeedsTheCsrfToken() {
        Api nobody = Api.at(port);
        for (String path : List.of(grants, discord)) {
            var page = nobody.send("GET", path, null, PAGE);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.header("Location")).as(path).endsWith("/console/login");
            assertThat(nobody.send("POST", path, form("role", "admin"), HTMX).header("HX-Redirect")).as(path).isEqualTo("/console/login");
        }

        Map<String, String> forged = new HashMap<>(HTMX);
        forged.put("X-XSRF-TOKEN", "forged");
        String readerId = Tenants.userId(reader);
        for (var post : List.of(
                List.of(grants, form("subject", "user:" + readerId, "role", "admin")),
                List.of(grants + "/user/" + readerId, form("role", "admin")),
                List.of(grants + "/user/" + readerId + "/revoke", ""),
                List.of(discord, form("kind", "role", "discordId", "5150", "role", "admin")),
                List.of(discord + "/role/5150/delete", ""))) {
            var refused = owner.send("POST", post.get(0), post.get(1), forged);
            assertThat(refused.status()).as(post.get(0)).isEqualTo(403);
            assertThat(refused.body()).as(post.get(0)).contains("CSRF token missing or wrong");
        }
        assertThat(roleOf("user", readerId)).isEqualTo("reader");
        assertThat(mappings()).doesNotContainKey("role 5150");
    }

    /** A user who joins the organisation as a member and, unless {@code role} is null, holds that role on the project. */
    private Api member(String who, @Nullable String role) {
        Api user = webUser(port, Api.email(who));
        Tenants.join(owner, org, user, "member", mail);
        if (role != null) {
            var granted = owner.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(user), Map.of("role", role));
            assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        }
        return user;
    }

    /** What htmx sends for a form that aims its request at a problem box of its own. */
    private static Map<String, String> aimedAt(String box) {
        Map<String, String> headers = new HashMap<>(HTMX);
        headers.put("HX-Target", box);
        return headers;
    }

    /** The subject's role on the project as the API reports it, or null when it holds none. */
    private @Nullable String roleOf(String type, String id) {
        return owner.get("/v1/projects/" + project + "/grants").json().path("items").valueStream()
                .filter(g -> g.path("subjectType").asString().equals(type) && g.path("subjectId").asString().equals(id))
                .map(g -> g.path("role").asString()).findFirst().orElse(null);
    }

    /** The project's Discord mappings as the API reports them: {@code "<kind> <id>"} to role. */
    private Map<String, String> mappings() {
        Map<String, String> mapped = new HashMap<>();
        for (JsonNode m : owner.get("/v1/projects/" + project + "/discord-roles").json().path("items")) {
            mapped.put(m.path("kind").asString() + " " + m.path("discordId").asString(), m.path("role").asString());
        }
        return mapped;
    }
}
