package dev.arena.threats.respond;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.access.ThreatAccess;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's response policies: readers see the set in force (the project's own or the built-in one) and the
 * project's earlier versions; admins replace it — as admins alone make blocks by hand, and a policy makes
 * blocks. The body is the policies file's shape, {@code version} being the version replaced; every version
 * stays stored as the audit trail. Project 0 is Arena's own scope, its operators'.
 */
@RestController
@Tag(name = "Threats")
class PolicyController {

    private final ProjectPolicies policies;
    private final ThreatAccess access;

    PolicyController(ProjectPolicies policies, ThreatAccess access) {
        this.policies = policies;
        this.access = access;
    }

    /**
     * @param set       {@code project} (its own set) or {@code built-in}
     * @param policies  in the policies file's shape
     * @param updatedBy the user who stored the project's own set
     */
    record PoliciesView(int version, String set, List<Map<String, Object>> policies, @Nullable String updatedBy,
                        @Nullable Instant updatedAt) {
        static PoliciesView of(ProjectPolicies.InForce inForce) {
            List<Map<String, Object>> policies = inForce.set().policies().stream().map(Policy::document).toList();
            return new PoliciesView(inForce.set().version(), inForce.origin(), policies,
                    inForce.updatedBy() == null ? null : inForce.updatedBy().toString(), inForce.updatedAt());
        }
    }

    @GetMapping("/v1/projects/{projectId}/threats/policies")
    PoliciesView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = ThreatAccess.project(projectId);
        access.require(caller, project, ProjectRole.READER);
        return PoliciesView.of(policies.read(project));
    }

    /** A version of the project's own set, current or replaced since; 404 for a version never stored. */
    @GetMapping("/v1/projects/{projectId}/threats/policies/{version}")
    PoliciesView version(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable int version) {
        long project = ThreatAccess.project(projectId);
        access.require(caller, project, ProjectRole.READER);
        return PoliciesView.of(policies.version(project, version).orElseThrow(() -> new ResourceNotFound("policies version")));
    }

    /** {@code {version, policies}}: 200 with the new version; 409 {@code stale-policies}; 422 naming the field. */
    @PutMapping("/v1/projects/{projectId}/threats/policies")
    PoliciesView replace(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                         @RequestBody Map<String, Object> body) {
        long project = ThreatAccess.project(projectId);
        access.require(caller, project, ProjectRole.ADMIN);
        return PoliciesView.of(policies.replace(project, body, caller.user()));
    }
}
