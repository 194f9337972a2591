package dev.arena.instances.internal;

import dev.arena.instances.InstanceEvent;
import dev.arena.instances.Origin;
import dev.arena.platform.ResourceNotFound;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Extends instances, combining the extends of one instance that arrive together into one transaction: the
 * first caller to find no transaction of its line running takes every queued extend of that line, locks each
 * instance's row once, gives every caller the extension it would have had one after another (its own count
 * and expiry, or the reason it was refused), writes the row once and an audit entry per extension, and
 * commits; while it does, the next callers queue. One hundred concurrent extends of one instance thus cost a
 * few transactions instead of a hundred queued on the row, and still count exactly.
 *
 * <p>Callers are spread over a fixed number of lines by instance, so the lines never grow; a line's batch
 * may hold several instances, each with its own transaction. Who runs a batch hands the line on to the oldest
 * caller still queued, so nobody serves others for longer than one batch.
 */
@Component
class Extender {

    private static final int LINES = 64;
    private static final int ATTEMPTS = 5;

    private final Instances instances;
    private final InstanceAudit audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DistributionSummary combined;
    private final Line[] lines = new Line[LINES];

    Extender(Instances instances, InstanceAudit audit, TransactionTemplate tx, Clock clock, MeterRegistry meters) {
        this.instances = instances;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.combined = DistributionSummary.builder("arena.instances.extends.combined")
                .description("extends of one instance answered by one transaction").register(meters);
        for (int i = 0; i < LINES; i++) {
            lines[i] = new Line();
        }
    }

    /** Callers waiting for their extends, and whether one of them is running a batch. */
    private static final class Line {
        final ConcurrentLinkedQueue<Caller> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean();
    }

    /** One extend call: what it asked for and, once its batch ran, what it got. */
    private static final class Caller {
        final Challenge challenge;
        final String liveKey;
        final long userId;
        final Origin origin;
        private @Nullable Instance extended;
        private @Nullable RuntimeException refused;
        private boolean turn;

        Caller(Challenge challenge, String liveKey, long userId, Origin origin) {
            this.challenge = challenge;
            this.liveKey = liveKey;
            this.userId = userId;
            this.origin = origin;
        }

        synchronized void extended(Instance instance) {
            extended = instance;
            notifyAll();
        }

        synchronized void refused(RuntimeException why) {
            refused = why;
            notifyAll();
        }

        /** Tells a queued caller to try to run the next batch itself. */
        synchronized void yourTurn() {
            turn = true;
            notifyAll();
        }

        synchronized boolean answered() {
            return extended != null || refused != null;
        }

        /** Waits until this call is answered or it is its turn to run a batch; whether it was answered. */
        synchronized boolean awaitAnswerOrTurn() throws InterruptedException {
            while (!answered() && !turn) {
                wait();
            }
            turn = false;
            return answered();
        }

        synchronized Instance answer() {
            if (refused != null) {
                throw refused;
            }
            return java.util.Objects.requireNonNull(extended);
        }
    }

    /**
     * Extends the owner's running instance by the challenge's step, up to its maximum total lifetime.
     *
     * @return the instance as this extension left it
     * @throws ResourceNotFound                        if the owner has no live instance
     * @throws InstancesProblem.ExtensionLimitReached  if it was extended as often as allowed
     * @throws InstancesProblem.LifetimeLimitReached   if it already runs until its deadline
     * @throws InstancesProblem.InstanceNotRunning     if it is starting, stopping or expired
     */
    Instance extend(Challenge challenge, String owner, long userId, Origin origin) {
        Caller me = new Caller(challenge, challenge.liveKey(owner), userId, origin);
        Line line = lines[Math.floorMod(me.liveKey.hashCode(), LINES)];
        line.queue.add(me);
        try {
            while (true) {
                if (line.running.compareAndSet(false, true)) {
                    runBatch(line);
                }
                if (me.answered() || me.awaitAnswerOrTurn()) {
                    return me.answer();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extending", e);
        }
    }

    /** Runs every queued extend of the line, then lets the oldest caller queued since run the next batch. */
    private void runBatch(Line line) {
        List<Caller> batch = new ArrayList<>();
        for (Caller c = line.queue.poll(); c != null; c = line.queue.poll()) {
            batch.add(c);
        }
        try {
            Map<String, List<Caller>> byInstance = new LinkedHashMap<>();
            for (Caller c : batch) {
                byInstance.computeIfAbsent(c.liveKey, k -> new ArrayList<>()).add(c);
            }
            for (List<Caller> callers : byInstance.values()) {
                extendAll(callers);
            }
        } finally {
            line.running.set(false);
            Caller next = line.queue.peek();
            if (next != null) {
                next.yourTurn();
            }
        }
    }

    /** The extends of one instance in one transaction, retried when the row's lock timed out. */
    private void extendAll(List<Caller> callers) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Runnable> answers = tx.execute(s -> extendLocked(callers));
                combined.record(callers.size());
                answers.forEach(Runnable::run);
                return;
            } catch (PessimisticLockingFailureException busy) {
                if (attempt == ATTEMPTS) {
                    callers.forEach(c -> c.refused(busy));
                    return;
                }
            } catch (RuntimeException e) {
                callers.forEach(c -> c.refused(e));
                return;
            }
        }
    }

    /** Inside the transaction: the answers to give once it committed. */
    private List<Runnable> extendLocked(List<Caller> callers) {
        String liveKey = callers.getFirst().liveKey;
        Optional<Instance> locked = instances.lockLive(liveKey);
        if (locked.isEmpty()) {
            return callers.stream().<Runnable>map(c -> () -> c.refused(new ResourceNotFound("instance"))).toList();
        }
        Instance row = locked.get();
        Instant now = clock.instant();
        List<Runnable> answers = new ArrayList<>(callers.size());
        Instance current = row;
        for (Caller c : callers) {
            RuntimeException refusal = whyNotExtendable(current, now);
            if (refusal != null) {
                answers.add(() -> c.refused(refusal));
                continue;
            }
            Instant expiry = current.expiresAt().plus(c.challenge.extension());
            current = withExtension(current, current.extensions() + 1, expiry.isAfter(current.deadline()) ? current.deadline() : expiry);
            Instance extended = current;
            audit.record(new InstanceEvent.InstanceExtended(extended.id(), extended.projectId(), extended.challengeId(),
                    extended.owner(), c.userId, extended.extensions(), extended.expiresAt()), c.origin);
            answers.add(() -> c.extended(extended));
        }
        if (current != row) {
            instances.setExtended(current);
        }
        return answers;
    }

    /** Why a live instance cannot be extended once more now, or null if it can. */
    private static @Nullable RuntimeException whyNotExtendable(Instance live, Instant now) {
        if (live.status() != Instance.Status.RUNNING) {
            return new InstancesProblem.InstanceNotRunning(live.status().wireName());
        }
        if (live.extensions() >= live.maxExtensions()) {
            return new InstancesProblem.ExtensionLimitReached(live.maxExtensions());
        }
        if (!live.expiresAt().isBefore(live.deadline())) {
            return new InstancesProblem.LifetimeLimitReached();
        }
        if (!live.expiresAt().isAfter(now)) {
            return new InstancesProblem.InstanceNotRunning("expired");
        }
        return null;
    }

    private static Instance withExtension(Instance i, int extensions, Instant expiresAt) {
        return new Instance(i.id(), i.projectId(), i.challengeId(), i.owner(), i.startedBy(), i.status(), i.containerId(), i.ports(),
                i.flag(), extensions, i.maxExtensions(), i.createdAt(), expiresAt, i.deadline(), i.endedAt(), i.failure());
    }
}
