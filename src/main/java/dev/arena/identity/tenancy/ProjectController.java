package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectGrants;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * One project and its grants: {@code /v1/projects/{projectId}} and {@code .../grants}. Readers see the
 * project; admins change and delete it; managers see and manage grants up to their own role
 * ({@link ProjectGrants}, which the console uses too). Changes
 * need a signed-in user: a project access token may read, but not reshape who holds access (403
 * {@code credential-not-allowed}).
 */
@RestController
@Tag(name = "Projects")
class ProjectController {

    private final Projects projects;
    private final ProjectGrants grants;
    private final ProjectAccess access;

    ProjectController(Projects projects, ProjectGrants grants, ProjectAccess access) {
        this.projects = projects;
        this.grants = grants;
        this.access = access;
    }

    record ProjectChange(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
                         @Nullable @Size(max = 1000) String description) {
    }

    record GrantBody(@NotNull @Pattern(regexp = "reader|writer|manager|admin") String role) {
    }

    record GrantView(String subjectType, String subjectId, String name, String role) {
        static GrantView of(ProjectGrants.Grant g) {
            return new GrantView(g.subjectType(), Long.toString(g.subjectId()), g.name(), g.role().wireName());
        }
    }

    @GetMapping("/v1/projects/{projectId}")
    OrgController.ProjectView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        return OrgController.ProjectView.of(projects.get(project));
    }

    @PatchMapping("/v1/projects/{projectId}")
    OrgController.ProjectView update(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                     @Valid @RequestBody ProjectChange body) {
        long project = admin(caller, projectId).project();
        return OrgController.ProjectView.of(projects.update(project, body.name(), body.description()));
    }

    /** Deletes the project with everything in it. */
    @DeleteMapping("/v1/projects/{projectId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        Actor actor = admin(caller, projectId);
        projects.delete(actor.userId(), actor.project());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/projects/{projectId}/grants")
    Page<GrantView> grants(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        return Page.of(grants.list(caller, Ids.parse(projectId, "project"))).map(GrantView::of);
    }

    /** Grants {@code role} to a user (a member), team or API client of the project's organisation. */
    @PutMapping("/v1/projects/{projectId}/grants/{subjectType}/{subjectId}")
    GrantView grant(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String subjectType,
                    @PathVariable String subjectId, @Valid @RequestBody GrantBody body) {
        return GrantView.of(grants.grant(caller, Ids.parse(projectId, "project"), subjectType, Ids.parse(subjectId, "subject"),
                body.role()));
    }

    @DeleteMapping("/v1/projects/{projectId}/grants/{subjectType}/{subjectId}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                @PathVariable String subjectType, @PathVariable String subjectId) {
        grants.revoke(caller, Ids.parse(projectId, "project"), subjectType, Ids.parse(subjectId, "subject"));
        return ResponseEntity.noContent().build();
    }

    /** A signed-in user acting on a project as its admin. */
    private record Actor(long userId, long project) {
    }

    /**
     * The caller as a user holding admin on the project. The project is checked first, so a token for another
     * project gets 404 like anyone who cannot see it.
     */
    private Actor admin(ArenaPrincipal caller, String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Changing or deleting a project needs a signed-in user, not an access token.");
        }
        return new Actor(session.userId(), project);
    }
}
