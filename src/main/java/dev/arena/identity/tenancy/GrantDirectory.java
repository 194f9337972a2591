package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectGrants;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.InvalidValue;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * {@link ProjectGrants} over {@link Grants}, which holds the rules: who may be granted, and that nobody gives or
 * takes away more than their own role. This class only checks who the caller is and what they hold.
 */
@Service
class GrantDirectory implements ProjectGrants {

    private static final int MAX = 200;

    private final Grants grants;
    private final Members members;
    private final Teams teams;
    private final ProjectAccess access;

    GrantDirectory(Grants grants, Members members, Teams teams, ProjectAccess access) {
        this.grants = grants;
        this.members = members;
        this.teams = teams;
        this.access = access;
    }

    @Override
    public List<Grant> list(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return grants.of(projectId).items().stream().map(GrantDirectory::grant).toList();
    }

    @Override
    public List<Grantee> grantees(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        long org = access.orgOf(projectId);
        return Stream.concat(
                members.of(org, Long.MIN_VALUE, MAX).items().stream()
                        .map(m -> new Grantee(Grants.SubjectType.USER.wireName(), m.userId(), m.displayName())),
                teams.of(org, Long.MIN_VALUE, MAX).items().stream()
                        .map(t -> new Grantee(Grants.SubjectType.TEAM.wireName(), t.id(), t.name())))
                .toList();
    }

    @Override
    public Grant grant(ArenaPrincipal caller, long projectId, String subjectType, long subjectId, String role) {
        Actor actor = actor(caller, projectId);
        Grants.SubjectType type = Grants.SubjectType.fromWire(subjectType);
        return grant(grants.put(actor.userId(), actor.role(), projectId, type, subjectId, role(role)));
    }

    @Override
    public void revoke(ArenaPrincipal caller, long projectId, String subjectType, long subjectId) {
        Actor actor = actor(caller, projectId);
        grants.revoke(actor.userId(), actor.role(), projectId, Grants.SubjectType.fromWire(subjectType), subjectId);
    }

    /** A signed-in user managing a project's grants, with their role on it. */
    private record Actor(long userId, ProjectRole role) {
    }

    /**
     * The caller as a user who manages the project. The project is checked first, so a token for another project
     * gets 404 like anyone who cannot see it.
     */
    private Actor actor(ArenaPrincipal caller, long projectId) {
        ProjectRole role = access.require(caller, projectId, ProjectRole.MANAGER);
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Changing a project's grants needs a signed-in user, not an access token.");
        }
        return new Actor(session.userId(), role);
    }

    private static ProjectRole role(String role) {
        try {
            return ProjectRole.fromWire(role);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("role", "one of reader, writer, manager, admin");
        }
    }

    private static Grant grant(Grants.Grant g) {
        return new Grant(g.subjectType().wireName(), g.subjectId(), g.name(), g.role());
    }
}
