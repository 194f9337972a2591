package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Challenges of a project, {@code /v1/projects/{projectId}/challenges}: writers create, change and delete
 * them; readers (players) list and read them, without their environment and flag template.
 */
@RestController
@Tag(name = "Instances")
class ChallengeController {

    private final Challenges challenges;
    private final InstanceService instances;
    private final InstancePool pool;
    private final ProjectAccess access;

    ChallengeController(Challenges challenges, InstanceService instances, InstancePool pool, ProjectAccess access) {
        this.challenges = challenges;
        this.instances = instances;
        this.pool = pool;
        this.access = access;
    }

    /** A challenge as written; on create, absent optional fields take their defaults, on change they stay. */
    record ChallengeBody(@Nullable String name, @Nullable String image, @Nullable List<String> command,
                         @Nullable List<Integer> ports, @Nullable Integer memoryMib, @Nullable Double cpus,
                         @Nullable Integer lifetimeSeconds, @Nullable Integer extensionSeconds, @Nullable Integer maxExtensions,
                         @Nullable Integer maxTotalSeconds, @Nullable Map<String, String> env, @Nullable String flagTemplate,
                         @Nullable String flagFile, @Nullable String flagEnv, @Nullable Boolean allowOutbound,
                         @Nullable List<String> capabilities, @Nullable Boolean writableRoot, @Nullable Integer warmPool) {
    }

    record ChallengeView(String id, String projectId, String name, String image, List<String> command, List<Integer> ports,
                         int memoryMib, double cpus, long lifetimeSeconds, long extensionSeconds, int maxExtensions,
                         long maxTotalSeconds, @Nullable Map<String, String> env, @Nullable String flagTemplate,
                         @Nullable String flagFile, @Nullable String flagEnv, boolean allowOutbound, List<String> capabilities,
                         boolean writableRoot, int warmPool, Instant createdAt, Instant updatedAt) {
        static ChallengeView of(Challenge c, boolean writer) {
            return new ChallengeView(Long.toString(c.id()), Long.toString(c.projectId()), c.name(), c.image(), c.command(),
                    c.ports(), c.memoryMib(), c.cpus(), c.lifetime().toSeconds(), c.extension().toSeconds(), c.maxExtensions(),
                    c.maxTotal().toSeconds(), writer ? c.env() : null, writer ? c.flagTemplate() : null, c.flagFile(),
                    c.flagEnv(), c.allowOutbound(), c.capabilities(), c.writableRoot(), c.warmPool(), c.createdAt(), c.updatedAt());
        }
    }

    @PostMapping("/v1/projects/{projectId}/challenges")
    @ResponseStatus(HttpStatus.CREATED)
    ChallengeView create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                         @RequestBody ChallengeBody body) {
        long project = project(caller, projectId, ProjectRole.WRITER);
        Challenge created = challenges.create(draft(project, body));
        pool.refresh(created.id());
        return ChallengeView.of(created, true);
    }

    @GetMapping("/v1/projects/{projectId}/challenges")
    Page<ChallengeView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                             @RequestParam(required = false) @Nullable String cursor,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long project = Ids.parse(projectId, "project");
        boolean writer = access.require(caller, project, ProjectRole.READER).atLeast(ProjectRole.WRITER);
        Page<Challenge> page = challenges.of(project, Page.after(cursor), limit);
        return page.map(c -> ChallengeView.of(c, writer));
    }

    @GetMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ChallengeView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId) {
        long project = Ids.parse(projectId, "project");
        boolean writer = access.require(caller, project, ProjectRole.READER).atLeast(ProjectRole.WRITER);
        return ChallengeView.of(challenges.get(project, Ids.parse(challengeId, "challenge")), writer);
    }

    @PatchMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ChallengeView update(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                         @PathVariable String challengeId, @RequestBody ChallengeBody body) {
        long project = project(caller, projectId, ProjectRole.WRITER);
        Challenge current = challenges.get(project, Ids.parse(challengeId, "challenge"));
        Challenge changed = challenges.update(merge(current, body));
        pool.refresh(changed.id());
        return ChallengeView.of(changed, true);
    }

    /** Deletes a challenge; its live instances are stopped first, its warm containers removed. */
    @DeleteMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                @PathVariable String challengeId) {
        long project = project(caller, projectId, ProjectRole.WRITER);
        Challenge challenge = challenges.get(project, Ids.parse(challengeId, "challenge"));
        instances.stopAllOf(challenge, caller.user());
        challenges.delete(project, challenge.id());
        pool.refresh(challenge.id());
        return ResponseEntity.noContent().build();
    }

    private long project(ArenaPrincipal caller, String projectId, ProjectRole atLeast) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, atLeast);
        return project;
    }

    private static Challenge draft(long project, ChallengeBody b) {
        int lifetime = or(b.lifetimeSeconds(), 1800);
        int extension = or(b.extensionSeconds(), 1800);
        int maxExtensions = or(b.maxExtensions(), 3);
        long defaultTotal = Math.min(30L * 86400, (long) lifetime + (long) extension * maxExtensions);
        String flagFile = b.flagFile() == null && b.flagEnv() == null ? "/run/arena/flag" : b.flagFile();
        Instant never = Instant.EPOCH;
        return new Challenge(0, project, required(b.name(), "name"), required(b.image(), "image"), or(b.command(), List.of()),
                required(b.ports(), "ports"), or(b.memoryMib(), 64), or(b.cpus(), 0.5), Duration.ofSeconds(lifetime),
                Duration.ofSeconds(extension), maxExtensions, Duration.ofSeconds(or(b.maxTotalSeconds(), (int) defaultTotal)),
                or(b.env(), Map.of()), required(b.flagTemplate(), "flagTemplate"), flagFile, b.flagEnv(),
                or(b.allowOutbound(), false), or(b.capabilities(), List.of()), or(b.writableRoot(), false), or(b.warmPool(), 0), never, never);
    }

    private static Challenge merge(Challenge c, ChallengeBody b) {
        String flagFile = b.flagEnv() != null && b.flagFile() == null ? null : or(b.flagFile(), c.flagFile());
        String flagEnv = b.flagFile() != null && b.flagEnv() == null ? null : or(b.flagEnv(), c.flagEnv());
        return new Challenge(c.id(), c.projectId(), or(b.name(), c.name()), or(b.image(), c.image()), or(b.command(), c.command()),
                or(b.ports(), c.ports()), or(b.memoryMib(), c.memoryMib()), or(b.cpus(), c.cpus()),
                b.lifetimeSeconds() == null ? c.lifetime() : Duration.ofSeconds(b.lifetimeSeconds()),
                b.extensionSeconds() == null ? c.extension() : Duration.ofSeconds(b.extensionSeconds()),
                or(b.maxExtensions(), c.maxExtensions()),
                b.maxTotalSeconds() == null ? c.maxTotal() : Duration.ofSeconds(b.maxTotalSeconds()),
                or(b.env(), c.env()), or(b.flagTemplate(), c.flagTemplate()), flagFile, flagEnv,
                or(b.allowOutbound(), c.allowOutbound()), or(b.capabilities(), c.capabilities()),
                or(b.writableRoot(), c.writableRoot()), or(b.warmPool(), c.warmPool()), c.createdAt(), c.updatedAt());
    }

    private static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw new InstancesProblem.Unacceptable(field, field + " is required");
        }
        return value;
    }

    @SuppressWarnings("NullAway")
    private static <T> T or(@Nullable T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
