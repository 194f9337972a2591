package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.ChallengeControl;
import dev.arena.instances.InstanceRefused;
import dev.arena.instances.DelegatedInstances;
import dev.arena.instances.Origin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The instances module's ports for other modules: {@link ChallengeControl} for operators and schedules,
 * {@link DelegatedInstances} for players reaching Arena through Discord. Refusals leave as
 * {@link InstanceRefused} carrying the slug the HTTP API would answer with.
 */
@Service
class InstancePorts implements ChallengeControl, DelegatedInstances {

    private static final String PROBLEM_PREFIX = "urn:arena:problem:";

    private final InstanceService service;
    private final Challenges challenges;
    private final Instances instances;
    private final Owners owners;
    private final ProjectAccess access;
    private final InstancesSettings settings;
    private final InstancesProblems problems;

    InstancePorts(InstanceService service, Challenges challenges, Instances instances, Owners owners, ProjectAccess access,
                  InstancesSettings settings, InstancesProblems problems) {
        this.service = service;
        this.challenges = challenges;
        this.instances = instances;
        this.owners = owners;
        this.access = access;
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    public void open(long projectId, long challengeId) {
        challenges.setOpen(projectId, challengeId, true);
    }

    @Override
    public void close(long projectId, long challengeId) {
        challenges.setOpen(projectId, challengeId, false);
    }

    @Override
    public int stopAllInstances(long projectId, long challengeId, @Nullable Long actorId, Origin origin) {
        Challenge challenge = challenges.get(projectId, challengeId);
        List<Instance> live = instances.liveOf(challenge.id());
        service.stopAll(live, actorId, false, origin);
        return live.size();
    }

    @Override
    public List<ChallengeSummary> challenges(long projectId) {
        return summaries(projectId, null);
    }

    @Override
    public Optional<ChallengeSummary> challenge(long projectId, String name) {
        return summaries(projectId, name).stream().findFirst();
    }

    @Override
    public Optional<ChallengeSummary> challenge(long projectId, long challengeId) {
        try {
            Challenge c = challenges.get(projectId, challengeId);
            return Optional.of(new ChallengeSummary(c.id(), c.name(), challenges.isOpen(c.id())));
        } catch (dev.arena.platform.ResourceNotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public int liveInstances(long projectId) {
        return instances.countLive(projectId);
    }

    @Override
    public InstanceSummary start(long projectId, long challengeId, long userId, Origin origin) {
        return refusing(() -> {
            Challenge challenge = player(projectId, challengeId, userId);
            return summary(service.start(challenge, owners.of(projectId, userId), userId, origin));
        });
    }

    @Override
    public InstanceSummary extend(long projectId, long challengeId, long userId, Origin origin) {
        return refusing(() -> {
            Challenge challenge = player(projectId, challengeId, userId);
            return summary(service.extend(challenge, owners.of(projectId, userId), userId, origin));
        });
    }

    @Override
    public void stop(long projectId, long challengeId, long userId, Origin origin) {
        refusing(() -> {
            Challenge challenge = player(projectId, challengeId, userId);
            service.stop(challenge, owners.of(projectId, userId), userId, origin);
            return null;
        });
    }

    private Challenge player(long projectId, long challengeId, long userId) {
        access.require(new ArenaPrincipal.UserSession(userId, 0), projectId, ProjectRole.READER);
        return challenges.get(projectId, challengeId);
    }

    private List<ChallengeSummary> summaries(long projectId, @Nullable String name) {
        return challenges.summaries(projectId, name, 100).stream()
                .map((Map.Entry<Challenge, Boolean> e) -> new ChallengeSummary(e.getKey().id(), e.getKey().name(), e.getValue()))
                .toList();
    }

    private InstanceSummary summary(Instance i) {
        return new InstanceSummary(i.id(), i.challengeId(), i.status().wireName(), settings.publicHostname(),
                i.ports().stream().map(p -> new InstanceSummary.Port(p.port(), p.hostPort())).toList(), i.expiresAt(),
                i.extensionsLeft());
    }

    private <T> T refusing(Supplier<T> action) {
        try {
            return action.get();
        } catch (InstancesProblem p) {
            String type = String.valueOf(problems.refused(p).getType());
            throw new InstanceRefused(type.startsWith(PROBLEM_PREFIX) ? type.substring(PROBLEM_PREFIX.length()) : type, p.getMessage());
        }
    }
}
