package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.InstanceDetails;
import dev.arena.instances.OperatorInstances;
import dev.arena.instances.Origin;
import dev.arena.instances.PlayerInstances;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.Page;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The one implementation of the player's and the operator's instance operations: access first, then the service. */
@Service
class InstanceOperations implements PlayerInstances, OperatorInstances {

    private final InstanceService service;
    private final Instances instances;
    private final Challenges challenges;
    private final Owners owners;
    private final ProjectAccess access;
    private final InstancesSettings settings;

    InstanceOperations(InstanceService service, Instances instances, Challenges challenges, Owners owners, ProjectAccess access,
                       InstancesSettings settings) {
        this.service = service;
        this.instances = instances;
        this.challenges = challenges;
        this.owners = owners;
        this.access = access;
        this.settings = settings;
    }

    @Override
    public List<ChallengeSummary> challenges(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.READER);
        return challenges.of(projectId, 0, 200).items().stream().map(InstanceOperations::summary).toList();
    }

    @Override
    public ChallengeSummary challenge(ArenaPrincipal caller, long projectId, long challengeId) {
        access.require(caller, projectId, ProjectRole.READER);
        return summary(challenges.get(projectId, challengeId));
    }

    private static ChallengeSummary summary(Challenge c) {
        return new ChallengeSummary(c.id(), c.name(), c.ports(), c.lifetime(), c.extension(), c.maxExtensions());
    }

    @Override
    public InstanceDetails start(ArenaPrincipal caller, long projectId, long challengeId, Origin origin) {
        Player p = player(caller, projectId, challengeId);
        return details(service.start(p.challenge(), p.owner(), p.userId(), origin));
    }

    @Override
    public Optional<InstanceDetails> status(ArenaPrincipal caller, long projectId, long challengeId) {
        access.require(caller, projectId, ProjectRole.READER);
        String owner = owners.of(projectId, userOf(caller));
        return instances.latest(challengeId, owner).filter(i -> i.projectId() == projectId).map(this::details);
    }

    @Override
    public InstanceDetails extend(ArenaPrincipal caller, long projectId, long challengeId, Origin origin) {
        Player p = player(caller, projectId, challengeId);
        return details(service.extend(p.challenge(), p.owner(), p.userId(), origin));
    }

    @Override
    public void stop(ArenaPrincipal caller, long projectId, long challengeId, Origin origin) {
        Player p = player(caller, projectId, challengeId);
        service.stop(p.challenge(), p.owner(), p.userId(), origin);
    }

    @Override
    public String submitFlag(ArenaPrincipal caller, long projectId, long challengeId, String flag) {
        Player p = player(caller, projectId, challengeId);
        if (flag.isBlank() || flag.length() > 300) {
            throw new InstancesProblem.Unacceptable("flag", "flag is required, at most 300 characters");
        }
        return Long.toString(service.checkFlag(p.challenge(), p.owner(), p.userId(), flag).id());
    }

    @Override
    public Page<InstanceDetails> list(ArenaPrincipal caller, long projectId, boolean liveOnly, @Nullable String status,
                                      @Nullable String cursor, int limit) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        return instances.of(projectId, liveOnly, status == null ? null : status(status), Page.after(cursor), limit).map(this::details);
    }

    @Override
    public void stopInstance(ArenaPrincipal caller, long projectId, long instanceId, Origin origin) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        service.stop(instances.get(projectId, instanceId), caller.user(), false, origin);
    }

    private record Player(Challenge challenge, String owner, long userId) {
    }

    private Player player(ArenaPrincipal caller, long projectId, long challengeId) {
        access.require(caller, projectId, ProjectRole.READER);
        long user = userOf(caller);
        return new Player(challenges.get(projectId, challengeId), owners.of(projectId, user), user);
    }

    private static long userOf(ArenaPrincipal caller) {
        Long user = caller.user();
        if (user == null) {
            throw new InstancesProblem.UserRequired();
        }
        return user;
    }

    private static Instance.Status status(String wire) {
        return Arrays.stream(Instance.Status.values()).filter(s -> s.wireName().equals(wire.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new InvalidValue("status",
                        "status must be one of starting, running, stopping, stopped, failed"));
    }

    private InstanceDetails details(Instance i) {
        return new InstanceDetails(Long.toString(i.id()), Long.toString(i.challengeId()), i.owner(), i.status().wireName(),
                settings.publicHostname(), i.ports().stream().map(p -> new InstanceDetails.Port(p.port(), p.hostPort())).toList(),
                i.createdAt(), i.expiresAt(), i.extensions(), i.extensionsLeft(), i.endedAt(), i.failure());
    }
}
