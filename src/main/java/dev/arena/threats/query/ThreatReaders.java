package dev.arena.threats.query;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.Operators;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ingest.Inbox;
import org.springframework.stereotype.Component;

/**
 * Who may read a project's threats: its readers. Arena's own scope, project {@value Inbox#ARENA_SCOPE} (failed
 * logins and rate limits that belong to no project), is read by Arena's operators; to anyone else it does
 * not exist (404), like another tenant's project.
 */
@Component
class ThreatReaders {

    private final ProjectAccess access;
    private final Operators operators;

    ThreatReaders(ProjectAccess access, Operators operators) {
        this.access = access;
        this.operators = operators;
    }

    /** The project a path names: a project id, or {@code 0} for Arena's own scope. */
    static long project(String text) {
        return text.equals(Long.toString(Inbox.ARENA_SCOPE)) ? Inbox.ARENA_SCOPE : Ids.parse(text, "project");
    }

    /** @throws ResourceNotFound (or the access problem of a project) when the caller may not read its threats */
    void require(ArenaPrincipal caller, long projectId) {
        if (projectId != Inbox.ARENA_SCOPE) {
            access.require(caller, projectId, ProjectRole.READER);
        } else if (!operators.isOperator(caller)) {
            throw new ResourceNotFound("project");
        }
    }
}
