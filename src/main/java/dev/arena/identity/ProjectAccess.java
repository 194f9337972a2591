package dev.arena.identity;

import dev.arena.platform.ResourceNotFound;

/**
 * Decides what a caller may do in a project. Every endpoint under {@code /v1/projects/{projectId}} asks
 * it first.
 */
public interface ProjectAccess {

    /**
     * The caller's effective role on the project: the highest of the user's own grant, the grants of the
     * user's teams, and org ownership/admin (which count as project admin); for a token, the token's role.
     *
     * @throws ResourceNotFound         when the project does not exist or the caller may not see it
     * @throws IdentityProblem.RoleRequired when the caller sees the project but holds less than {@code atLeast}
     */
    ProjectRole require(ArenaPrincipal caller, long projectId, ProjectRole atLeast);

    /**
     * The role an API client holds on a project through a grant to the client.
     *
     * @throws ResourceNotFound when there is no such project or the client holds no grant on it
     */
    ProjectRole clientRole(long clientId, long projectId);

    /** The organisation a project belongs to. @throws ResourceNotFound when there is no such project */
    long orgOf(long projectId);
}
