package dev.arena.instances.internal;

import dev.arena.instances.InstanceEvent;
import dev.arena.instances.Origin;
import dev.arena.platform.Ids;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.TooManyRequests;
import dev.arena.runtime.spi.ContainerRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting, extending, stopping and checking the flag of instances. The rules are kept by the database:
 * a start locks the project's policy row and counts the caps under it, the owner's live key is unique, and
 * an extension is counted by one conditional update.
 *
 * <p>A start is synchronous: the instance is recorded as {@code starting} (so polls see it and a second
 * start is refused), a container is taken from the challenge's warm pool and given the flag, or else
 * created and started, outside any transaction, and the instance is then marked {@code running} with its
 * published ports — the caller gets the address in the one answer,
 * and a failure of the engine becomes the answer's problem. Engine calls queue in the runtime's bounded
 * operation queue either way.
 */
@Service
class InstanceService {

    private static final Logger log = LoggerFactory.getLogger(InstanceService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Instances instances;
    private final Challenges challenges;
    private final Policies policies;
    private final Containers containers;
    private final InstancePool pool;
    private final InstanceAudit audit;
    private final Extender extender;
    private final RateLimiter limits;
    private final InstancesSettings settings;
    private final TransactionTemplate tx;
    private final Ids ids;
    private final Clock clock;
    private final MeterRegistry meters;

    InstanceService(Instances instances, Challenges challenges, Policies policies, Containers containers, InstancePool pool,
                    InstanceAudit audit, Extender extender, RateLimiter limits, InstancesSettings settings, TransactionTemplate tx, Ids ids, Clock clock,
                    MeterRegistry meters) {
        this.instances = instances;
        this.challenges = challenges;
        this.policies = policies;
        this.containers = containers;
        this.pool = pool;
        this.audit = audit;
        this.extender = extender;
        this.limits = limits;
        this.settings = settings;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Starts the owner's instance of a challenge and returns it running.
     *
     * @throws InstancesProblem.ChallengeClosed if the challenge is closed
     * @throws InstancesProblem.InstanceExists  if the owner has a live one
     * @throws InstancesProblem.CapReached      if the player's or the project's cap is reached
     * @throws TooManyRequests                  inside the owner's cooldown
     * @throws ContainerRuntimeException        when the engine fails; the instance is then recorded as failed
     */
    Instance start(Challenge challenge, String owner, long userId, Origin origin) {
        if (!challenges.isOpen(challenge.id())) {
            throw new InstancesProblem.ChallengeClosed();
        }
        var phases = new StartPhases(meters);
        Instance instance = reserve(challenge, owner, userId);
        phases.lap("reserve");
        String containerId = null;
        String path = "cold";
        try {
            var warm = pool.take(challenge);
            if (warm.isPresent()) {
                phases.lap("take");
            }
            warm = warm.filter(w -> handedOver(challenge, instance, w.containerId(), phases));
            List<Instance.Port> ports;
            if (warm.isPresent()) {
                path = "pooled";
                containerId = warm.get().containerId();
                ports = warm.get().detail();
            } else {
                containerId = containers.create(challenge, instance);
                phases.lap("create");
                if (!instances.recordContainer(instance, containerId)) {
                    throw stoppedWhileStarting(containerId);
                }
                phases.lap("record");
                containers.start(containerId);
                phases.lap("start");
                ports = containers.published(containerId, challenge.ports());
                phases.lap("inspect");
            }
            Instant expiresAt = clock.instant().plus(challenge.lifetime());
            Instant expires = expiresAt.isAfter(instance.deadline()) ? instance.deadline() : expiresAt;
            boolean running = Boolean.TRUE.equals(tx.execute(s -> {
                if (!instances.markRunning(instance, ports, expires)) {
                    return false;
                }
                audit.record(new InstanceEvent.InstanceStarted(instance.id(), instance.projectId(), instance.challengeId(),
                        owner, userId, expires), origin);
                return true;
            }));
            if (!running) {
                throw stoppedWhileStarting(containerId);
            }
            Instance started = instances.get(instance.id());
            phases.lap("running");
            return started;
        } catch (ContainerRuntimeException e) {
            if (!fail(instance, e.outcome() + ": " + e.getMessage(), true)) {
                // A stop took the container away mid-start: the engine's complaint is the stop's doing.
                throw stoppedWhileStarting(containerId);
            }
            if (containerId != null) {
                containers.removeQuietly(containerId);
            }
            throw e;
        } finally {
            phases.record(path);
        }
    }

    /**
     * Makes a warm container the starting instance's (by recording its id: reconciliation knows it by that),
     * writes its flag in and confirms it still runs (one inspect: with the engine on this host, writing the
     * flag asks the engine nothing, so it no longer notices a dead container); false (the container
     * removed) when it does not run or the engine fails, so that the start goes on cold.
     *
     * @throws InstancesProblem.Conflict if the instance was stopped meanwhile
     */
    private boolean handedOver(Challenge challenge, Instance instance, String containerId, StartPhases phases) {
        if (!instances.recordContainer(instance, containerId)) {
            throw stoppedWhileStarting(containerId);
        }
        phases.lap("record");
        try {
            containers.writeFlag(containerId, instance, java.util.Objects.requireNonNull(challenge.flagFile()));
            phases.lap("flag");
            containers.requireRunning(containerId);
            phases.lap("alive");
            return true;
        } catch (ContainerRuntimeException e) {
            log.warn("A warm container of challenge {} could not be handed over ({}); starting a fresh one", challenge.id(), e.getMessage());
            containers.removeQuietly(containerId);
            return false;
        }
    }

    /** Extends the owner's running instance; see {@link Extender#extend}. */
    Instance extend(Challenge challenge, String owner, long userId, Origin origin) {
        return extender.extend(challenge, owner, userId, origin);
    }

    /**
     * Stops the owner's live instance.
     *
     * @throws dev.arena.platform.ResourceNotFound if there is none
     * @throws TooManyRequests                     inside the owner's cooldown
     */
    void stop(Challenge challenge, String owner, long userId, Origin origin) {
        Instance instance = instances.live(challenge.liveKey(owner))
                .orElseThrow(() -> new dev.arena.platform.ResourceNotFound("instance"));
        cooldown(instance.projectId(), owner);
        stop(instance, userId, false, origin);
    }

    /**
     * Stops any live instance: claims it, removes its container, and records it stopped (or expired). An
     * instance someone else is already stopping is left to them.
     */
    void stop(Instance instance, @Nullable Long actorId, boolean expired, Origin origin) {
        if (!instances.claimForStop(instance)) {
            return;
        }
        if (instance.containerId() != null) {
            containers.removeQuietly(instance.containerId());
        }
        finishStop(instance, actorId, expired, origin);
    }

    /** Records a claimed instance as ended after its container was removed. */
    void finishStop(Instance instance, @Nullable Long actorId, boolean expired, Origin origin) {
        tx.executeWithoutResult(s -> {
            if (instances.end(instance, Instance.Status.STOPPED, null, clock.instant())) {
                audit.record(expired
                        ? new InstanceEvent.InstanceExpired(instance.id(), instance.projectId(), instance.challengeId(), instance.owner(), actorId)
                        : new InstanceEvent.InstanceStopped(instance.id(), instance.projectId(), instance.challengeId(), instance.owner(), actorId), origin);
            }
        });
    }

    /** Records a live instance as failed and frees its owner's slot. */
    void fail(Instance instance, String reason) {
        fail(instance, reason, false);
    }

    /** Records an instance as failed; false if it had ended already or, for a failed start, a stop claimed it. */
    private boolean fail(Instance instance, String reason, boolean starting) {
        String shortReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        return Boolean.TRUE.equals(tx.execute(s -> {
            Instant now = clock.instant();
            if (!(starting ? instances.endStarting(instance, shortReason, now) : instances.end(instance, Instance.Status.FAILED, shortReason, now))) {
                return false;
            }
            audit.record(new InstanceEvent.InstanceFailed(instance.id(), instance.projectId(), instance.challengeId(),
                    instance.owner(), null, shortReason), Origin.ARENA);
            return true;
        }));
    }

    /** Stops every live instance of a challenge, as when it is deleted. */
    void stopAllOf(Challenge challenge, @Nullable Long actorId, Origin origin) {
        stopAll(instances.liveOf(challenge.id()), actorId, false, origin);
    }

    /**
     * Stops the given instances, as many at once as the engine takes calls (the runtime's operation queue would
     * only hold the rest in line, and with hundreds queued the last would time out there), and returns when all
     * are done; one that fails is logged and left to reconciliation.
     */
    void stopAll(List<Instance> live, @Nullable Long actorId, boolean expired, Origin origin) {
        containers.eachAtEngineWidth("instances-stop", live, instance -> {
            try {
                stop(instance, actorId, expired, origin);
            } catch (RuntimeException e) {
                log.warn("Could not stop instance {}: {}", instance.id(), e.getMessage());
            }
        });
    }

    /**
     * Checks a flag against the owner's latest instance: accepted while it lives and for the grace period
     * after it ended or expired.
     *
     * @throws TooManyRequests                  past the player's flag attempts
     * @throws dev.arena.platform.ResourceNotFound if the owner never had an instance of the challenge
     * @throws InstancesProblem.WrongFlag       if the flag is not the instance's
     * @throws InstancesProblem.FlagWindowClosed if the instance ended longer than the grace period ago
     */
    Instance checkFlag(Challenge challenge, String owner, long userId, String flag) {
        var decision = limits.tryAcquire("instances-flag:" + userId, settings.flagLimit());
        if (!decision.allowed()) {
            throw new TooManyRequests("instances-flag", decision.retryAfter());
        }
        Instance instance = instances.latest(challenge.id(), owner)
                .orElseThrow(() -> new dev.arena.platform.ResourceNotFound("instance"));
        if (!MessageDigest.isEqual(instance.flag().getBytes(StandardCharsets.UTF_8), flag.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new InstancesProblem.WrongFlag();
        }
        Instant ended = instance.endedAt() == null || instance.endedAt().isAfter(instance.expiresAt())
                ? instance.expiresAt() : instance.endedAt();
        if (instance.status() == Instance.Status.FAILED
                || clock.instant().isAfter(ended.plus(settings.flagGrace())) && instance.status() != Instance.Status.RUNNING) {
            throw new InstancesProblem.FlagWindowClosed();
        }
        return instance;
    }

    private Instance reserve(Challenge challenge, String owner, long userId) {
        policies.ensureRow(challenge.projectId());
        return tx.execute(s -> {
            Policies.Policy policy = policies.lock(challenge.projectId());
            if (instances.live(challenge.liveKey(owner)).isPresent()) {
                throw new InstancesProblem.InstanceExists();
            }
            if (instances.countLiveStartedBy(challenge.projectId(), userId) >= policy.maxRunningPerPlayer()) {
                throw new InstancesProblem.CapReached("per-player", policy.maxRunningPerPlayer());
            }
            if (instances.countLive(challenge.projectId()) >= policy.maxRunningPerProject()) {
                throw new InstancesProblem.CapReached("per-project", policy.maxRunningPerProject());
            }
            cooldown(challenge.projectId(), owner);
            Instant now = clock.instant();
            var instance = new Instance(ids.next(), challenge.projectId(), challenge.id(), owner, userId, Instance.Status.STARTING,
                    null, List.of(), flag(challenge.flagTemplate()), 0, challenge.maxExtensions(), now, now.plus(challenge.lifetime()),
                    now.plus(challenge.maxTotal()), null, null);
            instances.insert(instance);
            return instance;
        });
    }

    private void cooldown(long projectId, String owner) {
        if (settings.cooldown().isZero()) {
            return;
        }
        var decision = limits.tryAcquire("instances-cooldown:" + projectId + ":" + owner, new RateLimiter.Limit(1, settings.cooldown()));
        if (!decision.allowed()) {
            throw new TooManyRequests("instances-cooldown", decision.retryAfter());
        }
    }

    private InstancesProblem.Conflict stoppedWhileStarting(@Nullable String containerId) {
        if (containerId != null) {
            containers.removeQuietly(containerId);
        }
        return new InstancesProblem.Conflict("The instance was stopped while it was starting.");
    }

    /** The template with 24 random hex digits added before its closing brace. */
    static String flag(String template) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String inside = template.substring(template.indexOf('{') + 1, template.length() - 1);
        String prefix = template.substring(0, template.indexOf('{') + 1);
        return prefix + (inside.isEmpty() ? "" : inside + "_") + HexFormat.of().formatHex(random) + "}";
    }
}
