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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Organisations and their projects: {@code /v1/orgs}, {@code /v1/orgs/{orgId}} and {@code /v1/orgs/{orgId}/projects}. */
@RestController
@Tag(name = "Organisations")
class OrgController {

    private final Orgs orgs;
    private final Projects projects;
    private final OrgAccess access;

    OrgController(Orgs orgs, Projects projects, OrgAccess access) {
        this.orgs = orgs;
        this.projects = projects;
        this.access = access;
    }

    record NewOrg(@NotBlank @Size(max = 100) String name) {
    }

    record OrgView(String id, String name, String tier, String role, Instant createdAt) {
        static OrgView of(Orgs.Org org) {
            return new OrgView(Long.toString(org.id()), org.name(), org.tier(), org.role().wireName(), org.createdAt());
        }
    }

    @PostMapping("/v1/orgs")
    @ResponseStatus(HttpStatus.CREATED)
    OrgView create(@AuthenticationPrincipal ArenaPrincipal caller, @Valid @RequestBody NewOrg body) {
        return OrgView.of(orgs.create(Callers.session(caller).userId(), body.name()));
    }

    @GetMapping("/v1/orgs")
    Page<OrgView> list(@AuthenticationPrincipal ArenaPrincipal caller, @RequestParam(required = false) @Nullable String cursor,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Page<Orgs.Org> page = orgs.of(Callers.session(caller).userId(), Page.after(cursor), limit);
        return page.map(OrgView::of);
    }

    @GetMapping("/v1/orgs/{orgId}")
    OrgView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId) {
        return OrgView.of(orgs.get(Callers.session(caller).userId(), Ids.parse(orgId, "organisation")));
    }

    record OrgChange(@NotBlank @Size(max = 100) String name) {
    }

    /** Renames an organisation: admins and owners. */
    @PatchMapping("/v1/orgs/{orgId}")
    OrgView update(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @Valid @RequestBody OrgChange body) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        return OrgView.of(orgs.rename(Callers.session(caller).userId(), org, body.name()));
    }

    /** Deletes an organisation with everything in it: owners only. */
    @DeleteMapping("/v1/orgs/{orgId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.OWNER);
        orgs.delete(Callers.session(caller).userId(), org);
        return ResponseEntity.noContent().build();
    }

    record NewProject(@NotBlank @Size(max = 100) String name, @Nullable @Size(max = 1000) String description) {
    }

    record ProjectView(String id, String orgId, String name, String description, Instant createdAt) {
        static ProjectView of(Projects.Project p) {
            return new ProjectView(Long.toString(p.id()), Long.toString(p.orgId()), p.name(), p.description(), p.createdAt());
        }
    }

    @PostMapping("/v1/orgs/{orgId}/projects")
    @ResponseStatus(HttpStatus.CREATED)
    ProjectView createProject(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                              @Valid @RequestBody NewProject body) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.ADMIN);
        String description = body.description() == null ? "" : body.description();
        return ProjectView.of(projects.create(Callers.session(caller).userId(), org, body.name(), description));
    }

    @GetMapping("/v1/orgs/{orgId}/projects")
    Page<ProjectView> listProjects(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                   @RequestParam(required = false) @Nullable String cursor,
                                   @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long org = Ids.parse(orgId, "organisation");
        OrgRole role = access.require(caller, org, OrgRole.MEMBER);
        Page<Projects.Project> page = projects.visibleTo(Callers.session(caller).userId(), role, org, Page.after(cursor), limit);
        return page.map(ProjectView::of);
    }
}
