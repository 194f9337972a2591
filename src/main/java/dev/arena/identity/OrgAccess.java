package dev.arena.identity;

import dev.arena.platform.ResourceNotFound;

/** Decides what a caller may do in an organisation. Every endpoint under {@code /v1/orgs/{orgId}} asks it first. */
public interface OrgAccess {

    /**
     * The caller's role in the organisation.
     *
     * @throws IdentityProblem.CredentialNotAllowed when the caller holds a project access token, not a session
     * @throws ResourceNotFound                     when there is no such organisation or the caller is not a member
     * @throws IdentityProblem.RoleRequired         when the caller is a member below {@code atLeast}
     */
    OrgRole require(ArenaPrincipal caller, long orgId, OrgRole atLeast);
}
