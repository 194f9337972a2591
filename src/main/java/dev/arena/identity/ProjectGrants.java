package dev.arena.identity;

import java.util.List;

/**
 * Who holds which role on a project, shared by the HTTP API's grant routes and the console. Managers see the
 * grants and give, change or take away roles up to their own — a manager can make managers but cannot touch an
 * admin's grant — to users (members), teams and API clients of the project's organisation; changes need a
 * signed-in user. Callers who may not see the project get {@link dev.arena.platform.ResourceNotFound}, callers
 * below manager {@link IdentityProblem.RoleRequired}.
 */
public interface ProjectGrants {

    /**
     * A grant of a project role.
     *
     * @param subjectType {@code user}, {@code team} or {@code client}
     * @param name        the user's display name, the team's or the client's name
     */
    record Grant(String subjectType, long subjectId, String name, ProjectRole role) {
    }

    /** A user (member) or team of the project's organisation, who could be given a grant. @param subjectType {@code user} or {@code team} */
    record Grantee(String subjectType, long subjectId, String name) {
    }

    /** Every grant on the project, by subject type and id (managers). */
    List<Grant> list(ArenaPrincipal caller, long projectId);

    /** The organisation's members and teams, at most 200 of each, for choosing whom to grant a role (managers). */
    List<Grantee> grantees(ArenaPrincipal caller, long projectId);

    /**
     * Grants {@code role} to a subject of the project's organisation, replacing any role it held.
     *
     * @param subjectType {@code user}, {@code team} or {@code client}
     * @param role        {@code reader}, {@code writer}, {@code manager} or {@code admin}
     * @throws dev.arena.platform.InvalidValue         naming {@code role} when it is none of those
     * @throws dev.arena.platform.ResourceNotFound     when the subject type is none of those or the subject is not in the organisation
     * @throws IdentityProblem.RoleRequired            when the role given or replaced is above the caller's own
     * @throws IdentityProblem.CredentialNotAllowed    when the caller holds a project access token
     */
    Grant grant(ArenaPrincipal caller, long projectId, String subjectType, long subjectId, String role);

    /**
     * Takes a subject's grant away.
     *
     * @throws dev.arena.platform.ResourceNotFound     when the subject holds no grant on the project
     * @throws IdentityProblem.RoleRequired            when the grant is above the caller's own role
     * @throws IdentityProblem.CredentialNotAllowed    when the caller holds a project access token
     */
    void revoke(ArenaPrincipal caller, long projectId, String subjectType, long subjectId);
}
