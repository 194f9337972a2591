package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
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

    private final InstanceService service;
    private final Instances instances;
    private final Challenges challenges;
    private final Policies policies;
    private final Owners owners;
    private final ProjectAccess access;
    private final InstancesSettings settings;

    InstanceController(InstanceService service, Instances instances, Challenges challenges, Policies policies, Owners owners,
                       ProjectAccess access, InstancesSettings settings) {
        this.service = service;
        this.instances = instances;
        this.challenges = challenges;
        this.policies = policies;
        this.owners = owners;
        this.access = access;
        this.settings = settings;
    }

    record PortView(int port, int hostPort) {
    }

    record InstanceView(String id, String challengeId, String owner, String status, String host, List<PortView> ports,
                        Instant createdAt, Instant expiresAt, int extensions, int extensionsLeft, @Nullable Instant endedAt,
                        @Nullable String failure) {
        static InstanceView of(Instance i, String host) {
            return new InstanceView(Long.toString(i.id()), Long.toString(i.challengeId()), i.owner(), i.status().wireName(), host,
                    i.ports().stream().map(p -> new PortView(p.port(), p.hostPort())).toList(), i.createdAt(), i.expiresAt(),
                    i.extensions(), i.extensionsLeft(), i.endedAt(), i.failure());
        }
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
    InstanceView start(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        Player p = player(caller, projectId, challengeId);
        return view(service.start(p.challenge(), p.owner(), p.userId()));
    }

    /** The owner's latest instance: live, or how the last one ended. Served from a cache. */
    @GetMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance")
    InstanceView status(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        long project = Ids.parse(projectId, "project");
        long challenge = Ids.parse(challengeId, "challenge");
        access.require(caller, project, ProjectRole.READER);
        String owner = owners.of(project, userOf(caller));
        Instance instance = instances.latest(challenge, owner).orElseThrow(() -> new ResourceNotFound("instance"));
        if (instance.projectId() != project) {
            throw new ResourceNotFound("instance");
        }
        return view(instance);
    }

    @PostMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance/extend")
    InstanceView extend(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        Player p = player(caller, projectId, challengeId);
        return view(service.extend(p.challenge(), p.owner(), p.userId()));
    }

    @DeleteMapping("/v1/projects/{projectId}/challenges/{challengeId}/instance")
    ResponseEntity<Void> stop(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        Player p = player(caller, projectId, challengeId);
        service.stop(p.challenge(), p.owner(), p.userId());
        return ResponseEntity.noContent().build();
    }

    /** Checks a flag: 200 when it is the owner's instance flag, 422 {@code wrong-flag} when not. */
    @PostMapping("/v1/projects/{projectId}/challenges/{challengeId}/flag")
    Map<String, Object> flag(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                             @PathVariable String challengeId, @RequestBody FlagBody body) {
        Player p = player(caller, projectId, challengeId);
        if (body.flag() == null || body.flag().isBlank() || body.flag().length() > 300) {
            throw new InstancesProblem.Unacceptable("flag", "flag is required, at most 300 characters");
        }
        Instance instance = service.checkFlag(p.challenge(), p.owner(), p.userId(), body.flag());
        return Map.of("correct", true, "instanceId", Long.toString(instance.id()));
    }

    @GetMapping("/v1/projects/{projectId}/instances")
    Page<InstanceView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                            @RequestParam(defaultValue = "false") boolean live,
                            @RequestParam(required = false) @Nullable String cursor,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long project = operator(caller, projectId);
        Page<Instance> page = instances.of(project, live, Page.after(cursor), limit);
        return page.map(this::view);
    }

    /** Stops any live instance of the project; an ended one is left as it is. */
    @DeleteMapping("/v1/projects/{projectId}/instances/{instanceId}")
    ResponseEntity<Void> stopAny(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                 @PathVariable String instanceId) {
        long project = operator(caller, projectId);
        Instance instance = instances.get(project, Ids.parse(instanceId, "instance"));
        service.stop(instance, caller.user(), false);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/projects/{projectId}/instance-policy")
    PolicyView policy(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        return PolicyView.of(policies.of(project));
    }

    /** Sets how the project runs instances; absent fields keep their value. Managers and up. */
    @PutMapping("/v1/projects/{projectId}/instance-policy")
    PolicyView setPolicy(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody PolicyBody body) {
        long project = operator(caller, projectId);
        Policies.Policy current = policies.of(project);
        return PolicyView.of(policies.put(new Policies.Policy(project,
                body.ownership() == null ? current.ownership() : Policies.Ownership.fromWire(body.ownership()),
                body.maxRunningPerPlayer() == null ? current.maxRunningPerPlayer() : body.maxRunningPerPlayer(),
                body.maxRunningPerProject() == null ? current.maxRunningPerProject() : body.maxRunningPerProject())));
    }

    private record Player(Challenge challenge, String owner, long userId) {
    }

    private Player player(ArenaPrincipal caller, String projectId, String challengeId) {
        long project = Ids.parse(projectId, "project");
        long challengeIdValue = Ids.parse(challengeId, "challenge");
        access.require(caller, project, ProjectRole.READER);
        long user = userOf(caller);
        Challenge challenge = challenges.get(project, challengeIdValue);
        return new Player(challenge, owners.of(project, user), user);
    }

    private long operator(ArenaPrincipal caller, String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.MANAGER);
        return project;
    }

    private static long userOf(ArenaPrincipal caller) {
        Long user = caller.user();
        if (user == null) {
            throw new InstancesProblem.UserRequired();
        }
        return user;
    }

    private InstanceView view(Instance instance) {
        return InstanceView.of(instance, settings.publicHostname());
    }
}
