package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's members: {@code /v1/orgs/{orgId}/members} and {@code /v1/orgs/{orgId}/transfer-ownership}.
 * Any member sees the list; admins change roles and remove members; only owners make or unmake owners;
 * every member may leave; the last owner can neither leave, be removed nor be demoted (409).
 */
@RestController
@Tag(name = "Organisations")
class MemberController {

    private final Members members;
    private final OrgAccess access;

    MemberController(Members members, OrgAccess access) {
        this.members = members;
        this.access = access;
    }

    record MemberView(String userId, String email, String displayName, String role, Instant joinedAt) {
        static MemberView of(Members.Member m) {
            return new MemberView(Long.toString(m.userId()), m.email(), m.displayName(), m.role().wireName(), m.joinedAt());
        }
    }

    record RoleChange(@NotNull @Pattern(regexp = "member|admin|owner") String role) {
    }

    record Transfer(@NotBlank String userId) {
    }

    @GetMapping("/v1/orgs/{orgId}/members")
    Page<MemberView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                          @RequestParam(required = false) @Nullable String cursor,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.MEMBER);
        Page<Members.Member> page = members.of(org, Page.after(cursor), limit);
        return page.map(MemberView::of);
    }

    @PatchMapping("/v1/orgs/{orgId}/members/{userId}")
    MemberView changeRole(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String userId,
                          @Valid @RequestBody RoleChange body) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        long user = Ids.parse(userId, "member");
        return MemberView.of(members.changeRole(Callers.session(caller).userId(), org, user, OrgRole.fromWire(body.role())));
    }

    @DeleteMapping("/v1/orgs/{orgId}/members/{userId}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String userId) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.MEMBER);
        members.remove(Callers.session(caller).userId(), org, Ids.parse(userId, "member"));
        return ResponseEntity.noContent().build();
    }

    /** The caller (an owner) makes another member owner and becomes an admin. */
    @PostMapping("/v1/orgs/{orgId}/transfer-ownership")
    ResponseEntity<Void> transfer(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                  @Valid @RequestBody Transfer body) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.OWNER);
        long newOwner;
        try {
            newOwner = Long.parseLong(body.userId());
        } catch (NumberFormatException e) {
            throw new IdentityProblem.Unacceptable("userId", "That is not a user id.");
        }
        members.transferOwnership(Callers.session(caller).userId(), org, newOwner);
        return ResponseEntity.noContent().build();
    }
}
