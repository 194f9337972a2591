package dev.arena.threats.access;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.Operators;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ingest.Inbox;
import org.springframework.stereotype.Component;

/**
 * Who may do what with a project's threats (sessions, blocks, policies): what their project role allows. Arena's
 * own scope, project {@value Inbox#ARENA_SCOPE} (failed logins and rate limits that belong to no project, and
 * the blocks decided on them), is Arena's operators': they hold every role there; to anyone else it does not
 * exist (404), like another tenant's project.
 */
@Component
public class ThreatAccess {

    private final ProjectAccess access;
    private final Operators operators;

    ThreatAccess(ProjectAccess access, Operators operators) {
        this.access = access;
        this.operators = operators;
    }

    /** The project a path names: a project id, or {@code 0} for Arena's own scope. */
    public static long project(String text) {
        return text.equals(Long.toString(Inbox.ARENA_SCOPE)) ? Inbox.ARENA_SCOPE : Ids.parse(text, "project");
    }

    /**
     * Lets the caller through when it holds at least {@code atLeast} on the project (operators in project 0).
     *
     * @throws ResourceNotFound                      when the caller may not see the project's threats
     * @throws dev.arena.identity.IdentityProblem.RoleRequired when it sees them with a role below {@code atLeast}
     */
    public void require(ArenaPrincipal caller, long projectId, ProjectRole atLeast) {
        if (projectId != Inbox.ARENA_SCOPE) {
            access.require(caller, projectId, atLeast);
        } else if (!operators.isOperator(caller)) {
            throw new ResourceNotFound("project");
        }
    }
}
