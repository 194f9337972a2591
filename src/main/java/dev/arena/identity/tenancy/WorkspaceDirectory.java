package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.identity.security.Callers;
import java.util.List;
import org.springframework.stereotype.Service;

/** {@link Workspaces} over the same queries and checks as the organisation and project routes. */
@Service
class WorkspaceDirectory implements Workspaces {

    private static final int MAX = 200;

    private final Orgs orgs;
    private final Projects projects;
    private final OrgAccess orgAccess;
    private final ProjectAccess projectAccess;

    WorkspaceDirectory(Orgs orgs, Projects projects, OrgAccess orgAccess, ProjectAccess projectAccess) {
        this.orgs = orgs;
        this.projects = projects;
        this.orgAccess = orgAccess;
        this.projectAccess = projectAccess;
    }

    @Override
    public List<Org> orgs(ArenaPrincipal caller) {
        return orgs.of(Callers.session(caller).userId(), 0, MAX).items().stream()
                .map(o -> new Org(o.id(), o.name(), o.role())).toList();
    }

    @Override
    public List<Project> projects(ArenaPrincipal caller, long orgId) {
        OrgRole role = orgAccess.require(caller, orgId, OrgRole.MEMBER);
        long user = Callers.session(caller).userId();
        return projects.visibleTo(user, role, orgId, 0, MAX).items().stream()
                .map(p -> new Project(p.id(), p.orgId(), p.name(), p.description(),
                        projectAccess.require(caller, p.id(), ProjectRole.READER)))
                .toList();
    }

    @Override
    public Project project(ArenaPrincipal caller, long projectId) {
        ProjectRole role = projectAccess.require(caller, projectId, ProjectRole.READER);
        Projects.Project p = projects.get(projectId);
        return new Project(p.id(), p.orgId(), p.name(), p.description(), role);
    }
}
