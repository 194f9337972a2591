package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.InstanceDetails;
import dev.arena.instances.OperatorInstances;
import dev.arena.instances.Origin;
import dev.arena.instances.PlayerInstances;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Players' instances ({@code .../challenges/{challengeId}/instance}, readers and up, acting for themselves
 * or their team), flag submission, operators' view of a project's instances (managers and up) and the
 * project's instance policy.
 */
@RestController
@Tag(name = "Instances")
class InstanceController {

    private final PlayerInstances players;
    private final OperatorInstances operators;
    private final Policies policies;
    private final ProjectAccess access;

    InstanceController(PlayerInstances players, OperatorInstances operators, Policies policies, ProjectAccess access) {
        this.players = players;
        this.operators = operators;
        this.policies = policies;
        this.access = access;
    }

    record FlagBody(@Nullable String flag) {
    }

    record PolicyBody(@Nullable String ownership, @Nullable Integer maxRunningPerPlayer, @Nullable Integer maxRunningPerProject) {
    }

    record PolicyView(String ownership, int maxRunningPerPlayer, int maxRunningPerProject) {
        static PolicyView of(Policies.Policy p) {
            return new PolicyView(p.ownership().wireName(), p.maxRunningPerPlayer(), p.maxRunningPerProject());
        }
    }

    @PostMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance")
    @ResponseStatus(HttpStatus.CREATED)
    InstanceDetails start(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        return players.start(caller, project(projectId), challenge(challengeId), Origin.API);
    }

    /** The owner's latest instance: live, or how the last one ended. Served from a cache. */
    @GetMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance")
    InstanceDetails status(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        return players.status(caller, project(projectId), challenge(challengeId)).orElseThrow(() -> new ResourceNotFound("instance"));
    }

    @PostMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance/extend")
    InstanceDetails extend(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        return players.extend(caller, project(projectId), challenge(challengeId), Origin.API);
    }

    @DeleteMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance")
    ResponseEntity<Void> stop(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        players.stop(caller, project(projectId), challenge(challengeId), Origin.API);
        return ResponseEntity.noContent().build();
    }

    /** Checks a flag: 200 when it is the owner's instance flag, 422 {@code wrong-flag} when not. */
    @PostMapping("/v1/projects/{projectId}/challenges/{challengeId}/flag")
    Map<String, Object> flag(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                             @PathVariable String challengeId, @RequestBody FlagBody body) {
        String instance = players.submitFlag(caller, project(projectId), challenge(challengeId), body.flag() == null ? "" : body.flag());
        return Map.of("correct", true, "instanceId", instance);
    }

    @GetMapping("/v1/projects/{projectId}/instances")
    Page<InstanceDetails> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                               @RequestParam(defaultValue = "false") boolean live,
                               @RequestParam(required = false) @Nullable String status,
                               @RequestParam(required = false) @Nullable String cursor,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return operators.list(caller, project(projectId), live, status, cursor, limit);
    }

    /** Stops any live instance of the project; an ended one is left as it is. */
    @DeleteMapping("/v1/projects/{projectId}/instances/{instanceId}")
    ResponseEntity<Void> stopAny(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                 @PathVariable String instanceId) {
        operators.stopInstance(caller, project(projectId), Ids.parse(instanceId, "instance"), Origin.API);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/projects/{projectId}/instance-policy")
    PolicyView policy(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = project(projectId);
        access.require(caller, project, ProjectRole.READER);
        return PolicyView.of(policies.of(project));
    }

    /** Sets how the project runs instances; absent fields keep their value. Managers and up. */
    @PutMapping("/v1/projects/{projectId}/instance-policy")
    PolicyView setPolicy(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody PolicyBody body) {
        long project = project(projectId);
        access.require(caller, project, ProjectRole.MANAGER);
        Policies.Policy current = policies.of(project);
        return PolicyView.of(policies.put(new Policies.Policy(project,
                body.ownership() == null ? current.ownership() : Policies.Ownership.fromWire(body.ownership()),
                body.maxRunningPerPlayer() == null ? current.maxRunningPerPlayer() : body.maxRunningPerPlayer(),
                body.maxRunningPerProject() == null ? current.maxRunningPerProject() : body.maxRunningPerProject())));
    }

    private static long project(String id) {
        return Ids.parse(id, "project");
    }

    private static long challenge(String id) {
        return Ids.parse(id, "challenge");
    }
}
