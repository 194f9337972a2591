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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations: admins send, list and revoke them under {@code /v1/orgs/{orgId}/invitations}; the invitee
 * accepts with {@code POST /v1/invitations/accept}. A token presented by a user whose email is not the
 * invited one gets the same 400 {@code token-unusable} as a wrong token: it says nothing about the
 * organisation and leaves the invitation for its addressee.
 */
@RestController
@Tag(name = "Organisations")
class InvitationController {

    private final Invitations invitations;
    private final Orgs orgs;
    private final OrgAccess access;

    InvitationController(Invitations invitations, Orgs orgs, OrgAccess access) {
        this.invitations = invitations;
        this.orgs = orgs;
        this.access = access;
    }

    record NewInvitation(@NotBlank @Size(max = 320) String email, @NotNull @Pattern(regexp = "member|admin|owner") String role) {
    }

    record InvitationView(String id, String orgId, String email, String role, String invitedBy, Instant createdAt, Instant expiresAt) {
        static InvitationView of(Invitations.Invitation i) {
            return new InvitationView(Long.toString(i.id()), Long.toString(i.orgId()), i.email(), i.role().wireName(),
                    Long.toString(i.invitedBy()), i.createdAt(), i.expiresAt());
        }
    }

    record Acceptance(@NotBlank @Size(max = 200) String token) {
    }

    @PostMapping("/v1/orgs/{orgId}/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationView invite(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                          @Valid @RequestBody NewInvitation body) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        return InvitationView.of(invitations.invite(Callers.session(caller).userId(), org, body.email(), OrgRole.fromWire(body.role())));
    }

    @GetMapping("/v1/orgs/{orgId}/invitations")
    Page<InvitationView> pending(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                 @RequestParam(required = false) @Nullable String cursor,
                                 @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        Page<Invitations.Invitation> page = invitations.pending(org, Page.after(cursor), limit);
        return page.map(InvitationView::of);
    }

    @DeleteMapping("/v1/orgs/{orgId}/invitations/{invitationId}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                @PathVariable String invitationId) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        invitations.revoke(org, Ids.parse(invitationId, "invitation"));
        return ResponseEntity.noContent().build();
    }

    /** Makes the signed-in user a member; answers with the organisation as they now see it. */
    @PostMapping("/v1/invitations/accept")
    OrgController.OrgView accept(@AuthenticationPrincipal ArenaPrincipal caller, @Valid @RequestBody Acceptance body) {
        long userId = Callers.session(caller).userId();
        long org = invitations.accept(userId, body.token());
        return OrgController.OrgView.of(orgs.get(userId, org));
    }
}
