package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.security.Callers;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Teams of an organisation: {@code /v1/orgs/{orgId}/teams/*}. Members see teams and their members; admins
 * create, rename and delete teams and put members of the organisation in and out of them.
 */
@RestController
@Tag(name = "Organisations")
class TeamController {

    private final Teams teams;
    private final OrgAccess access;

    TeamController(Teams teams, OrgAccess access) {
        this.teams = teams;
        this.access = access;
    }

    record TeamBody(@NotBlank @Size(max = 100) String name) {
    }

    record TeamView(String id, String orgId, String name, Instant createdAt) {
        static TeamView of(Teams.Team t) {
            return new TeamView(Long.toString(t.id()), Long.toString(t.orgId()), t.name(), t.createdAt());
        }
    }

    record TeamMemberView(String userId, String email, String displayName) {
        static TeamMemberView of(Teams.TeamMember m) {
            return new TeamMemberView(Long.toString(m.userId()), m.email(), m.displayName());
        }
    }

    @PostMapping("/v1/orgs/{orgId}/teams")
    @ResponseStatus(HttpStatus.CREATED)
    TeamView create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @Valid @RequestBody TeamBody body) {
        return TeamView.of(teams.create(org(caller, orgId, OrgRole.ADMIN), body.name()));
    }

    @GetMapping("/v1/orgs/{orgId}/teams")
    Page<TeamView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                        @RequestParam(required = false) @Nullable String cursor,
                        @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Page<Teams.Team> page = teams.of(org(caller, orgId, OrgRole.MEMBER), Page.after(cursor), limit);
        return page.map(TeamView::of);
    }

    @PatchMapping("/v1/orgs/{orgId}/teams/{teamId}")
    TeamView rename(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String teamId,
                    @Valid @RequestBody TeamBody body) {
        return TeamView.of(teams.rename(org(caller, orgId, OrgRole.ADMIN), Ids.parse(teamId, "team"), body.name()));
    }

    /** Deletes a team; its grants go with it. */
    @DeleteMapping("/v1/orgs/{orgId}/teams/{teamId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String teamId) {
        teams.delete(Callers.session(caller).userId(), org(caller, orgId, OrgRole.ADMIN), Ids.parse(teamId, "team"));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/orgs/{orgId}/teams/{teamId}/members")
    Page<TeamMemberView> members(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String teamId,
                                 @RequestParam(required = false) @Nullable String cursor,
                                 @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Page<Teams.TeamMember> page = teams.members(org(caller, orgId, OrgRole.MEMBER), Ids.parse(teamId, "team"), Page.after(cursor), limit);
        return page.map(TeamMemberView::of);
    }

    /** Puts a member of the organisation into the team; idempotent. */
    @PutMapping("/v1/orgs/{orgId}/teams/{teamId}/members/{userId}")
    ResponseEntity<Void> addMember(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                   @PathVariable String teamId, @PathVariable String userId) {
        teams.addMember(Callers.session(caller).userId(), org(caller, orgId, OrgRole.ADMIN), Ids.parse(teamId, "team"), Ids.parse(userId, "member"));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/v1/orgs/{orgId}/teams/{teamId}/members/{userId}")
    ResponseEntity<Void> removeMember(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                      @PathVariable String teamId, @PathVariable String userId) {
        teams.removeMember(Callers.session(caller).userId(), org(caller, orgId, OrgRole.ADMIN), Ids.parse(teamId, "team"), Ids.parse(userId, "team member"));
        return ResponseEntity.noContent().build();
    }

    private long org(ArenaPrincipal caller, String orgId, OrgRole atLeast) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, atLeast);
        return org;
    }
}
