package dev.arena.identity;

import java.util.List;

/** The organisations and projects a signed-in user can see, for pickers and page headers. */
public interface Workspaces {

    /** An organisation and the user's role in it. */
    record Org(long id, String name, OrgRole role) {
    }

    /** A project and the caller's effective role on it. */
    record Project(long id, long orgId, String name, String description, ProjectRole role) {
    }

    /** The user's organisations, oldest first, at most 200. @throws IdentityProblem.CredentialNotAllowed for a token */
    List<Org> orgs(ArenaPrincipal caller);

    /**
     * The projects of an organisation the caller can see (see {@code GET /v1/orgs/{orgId}/projects}), at most 200.
     *
     * @throws dev.arena.platform.ResourceNotFound when the caller is not a member
     */
    List<Project> projects(ArenaPrincipal caller, long orgId);

    /** A project the caller sees, with their role. @throws dev.arena.platform.ResourceNotFound otherwise */
    Project project(ArenaPrincipal caller, long projectId);
}
