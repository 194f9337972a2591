package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.Origin;
import dev.arena.instances.ProjectChallenges;
import dev.arena.platform.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The rules of a project's challenges, for the HTTP API and the console alike: access first, then the defaults and the store. */
@Service
class ChallengeService implements ProjectChallenges {

    private final Challenges challenges;
    private final InstanceService instances;
    private final InstancePool pool;
    private final ProjectAccess access;

    ChallengeService(Challenges challenges, InstanceService instances, InstancePool pool, ProjectAccess access) {
        this.challenges = challenges;
        this.instances = instances;
        this.pool = pool;
        this.access = access;
    }

    @Override
    public ChallengeDefinition create(ArenaPrincipal caller, long projectId, ChallengeRequest request) {
        access.require(caller, projectId, ProjectRole.WRITER);
        Challenge created = challenges.create(draft(projectId, request));
        pool.refresh(created.id());
        return definition(created, true);
    }

    @Override
    public Page<ChallengeDefinition> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit) {
        boolean writer = access.require(caller, projectId, ProjectRole.READER).atLeast(ProjectRole.WRITER);
        return challenges.of(projectId, Page.after(cursor), limit).map(c -> definition(c, writer));
    }

    @Override
    public ChallengeDefinition get(ArenaPrincipal caller, long projectId, long challengeId) {
        boolean writer = access.require(caller, projectId, ProjectRole.READER).atLeast(ProjectRole.WRITER);
        return definition(challenges.get(projectId, challengeId), writer);
    }

    @Override
    public ChallengeDefinition change(ArenaPrincipal caller, long projectId, long challengeId, ChallengeRequest changes) {
        access.require(caller, projectId, ProjectRole.WRITER);
        Challenge changed = challenges.update(merge(challenges.get(projectId, challengeId), changes));
        pool.refresh(changed.id());
        return definition(changed, true);
    }

    @Override
    public void delete(ArenaPrincipal caller, long projectId, long challengeId, Origin origin) {
        access.require(caller, projectId, ProjectRole.WRITER);
        Challenge challenge = challenges.get(projectId, challengeId);
        instances.stopAllOf(challenge, caller.user(), origin);
        challenges.delete(projectId, challenge.id());
        pool.refresh(challenge.id());
    }

    private static ChallengeDefinition definition(Challenge c, boolean writer) {
        return new ChallengeDefinition(Long.toString(c.id()), Long.toString(c.projectId()), c.name(), c.image(), c.command(),
                c.ports(), c.memoryMib(), c.cpus(), c.lifetime().toSeconds(), c.extension().toSeconds(), c.maxExtensions(),
                c.maxTotal().toSeconds(), writer ? c.env() : null, writer ? c.flagTemplate() : null, c.flagFile(),
                c.flagEnv(), c.allowOutbound(), c.capabilities(), c.writableRoot(), c.warmPool(), c.createdAt(), c.updatedAt());
    }

    private static Challenge draft(long project, ChallengeRequest r) {
        int lifetime = or(r.lifetimeSeconds(), 1800);
        int extension = or(r.extensionSeconds(), 1800);
        int maxExtensions = or(r.maxExtensions(), 3);
        long defaultTotal = Math.min(30L * 86400, (long) lifetime + (long) extension * maxExtensions);
        String flagFile = r.flagFile() == null && r.flagEnv() == null ? "/run/arena/flag" : r.flagFile();
        Instant never = Instant.EPOCH;
        return new Challenge(0, project, required(r.name(), "name"), required(r.image(), "image"), or(r.command(), List.of()),
                required(r.ports(), "ports"), or(r.memoryMib(), 64), or(r.cpus(), 0.5), Duration.ofSeconds(lifetime),
                Duration.ofSeconds(extension), maxExtensions, Duration.ofSeconds(or(r.maxTotalSeconds(), (int) defaultTotal)),
                or(r.env(), Map.of()), required(r.flagTemplate(), "flagTemplate"), flagFile, r.flagEnv(),
                or(r.allowOutbound(), false), or(r.capabilities(), List.of()), or(r.writableRoot(), false), or(r.warmPool(), 0), never, never);
    }

    private static Challenge merge(Challenge c, ChallengeRequest r) {
        String flagFile = r.flagEnv() != null && r.flagFile() == null ? null : or(r.flagFile(), c.flagFile());
        String flagEnv = r.flagFile() != null && r.flagEnv() == null ? null : or(r.flagEnv(), c.flagEnv());
        return new Challenge(c.id(), c.projectId(), or(r.name(), c.name()), or(r.image(), c.image()), or(r.command(), c.command()),
                or(r.ports(), c.ports()), or(r.memoryMib(), c.memoryMib()), or(r.cpus(), c.cpus()),
                r.lifetimeSeconds() == null ? c.lifetime() : Duration.ofSeconds(r.lifetimeSeconds()),
                r.extensionSeconds() == null ? c.extension() : Duration.ofSeconds(r.extensionSeconds()),
                or(r.maxExtensions(), c.maxExtensions()),
                r.maxTotalSeconds() == null ? c.maxTotal() : Duration.ofSeconds(r.maxTotalSeconds()),
                or(r.env(), c.env()), or(r.flagTemplate(), c.flagTemplate()), flagFile, flagEnv,
                or(r.allowOutbound(), c.allowOutbound()), or(r.capabilities(), c.capabilities()),
                or(r.writableRoot(), c.writableRoot()), or(r.warmPool(), c.warmPool()), c.createdAt(), c.updatedAt());
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
