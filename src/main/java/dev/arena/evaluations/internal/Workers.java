package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.runtime.RuntimeSettings;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The workers of this node: {@code arena.evaluations.workers} virtual threads, each claiming one job at a
 * time from the database, running it in a {@link Sandbox} and writing the result under its fence, plus
 * one heartbeat thread that extends the leases of the jobs running here.
 *
 * <p>Failures of the engine (unreachable, image missing, ...) are retried with exponential backoff and end
 * as {@code internal_error} after {@code max-attempts}; what the program does is never retried. While the
 * engine cannot be reached at all, {@link EngineOutage} holds the queue. A job
 * whose worker died is claimed again once its lease expires; that claim counts as an attempt.
 */
@Component
class Workers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    /** Engine slots left for everything but running programs: one to refill the warm pool, one for the rest. */
    static final int SPARE_ENGINE_SLOTS = 2;

    private final Evaluations evaluations;
    private final Sandbox sandbox;
    private final Signals signals;
    private final EngineOutage outage;
    private final EvaluationSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Timer queueWait;
    private final Timer runTime;

    /** A job running here: its claim, and, once its lease went to another worker, the end of its run. */
    private final class Running implements Sandbox.Watch {
        private final Evaluations.Claim claim;
        private volatile boolean lost;
        private volatile @Nullable String container;

        Running(Evaluations.Claim claim) {
            this.claim = claim;
        }

        @Override
        public boolean abandoned() {
            return lost;
        }

        @Override
        public void runsIn(String container) {
            this.container = container;
            if (lost) {
                sandbox.discard(container);
            }
        }

        /** Another worker holds the job now: whatever runs here is killed with its sandbox, and the job given up. */
        void lose() {
            lost = true;
            String current = container;
            if (current != null) {
                sandbox.discard(current);
            }
        }
    }

    Workers(Evaluations evaluations, Sandbox sandbox, Signals signals, EngineOutage outage, EvaluationSettings settings,
            RuntimeSettings runtime, Clock clock, MeterRegistry meters, TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.outage = outage;
        requireSpareEngineSlots(settings.workers(), runtime.concurrency());
        this.transactions = transactions;
        this.events = events;
        this.evaluations = evaluations;
        this.sandbox = sandbox;
        this.signals = signals;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.queueWait = Timer.builder("arena.evaluations.queue.wait").description("from queued to claimed")
                .publishPercentileHistogram().register(meters);
        this.runTime = Timer.builder("arena.evaluations.run").description("from claimed to result written")
                .publishPercentileHistogram().register(meters);
        meters.gauge("arena.evaluations.running", running, Map::size);
    }

    /**
     * Refuses to start when the workers could take every engine slot: a running program holds one (its exec)
     * for its whole run, so with none to spare, warm-pool refills, sandbox removal and instance starts would
     * wait behind programs and time out.
     *
     * @throws IllegalStateException naming both settings and the least concurrency that works
     */
    static void requireSpareEngineSlots(int workers, int concurrency) {
        if (workers > 0 && concurrency < workers + SPARE_ENGINE_SLOTS) {
            throw new IllegalStateException("arena.runtime.concurrency (" + concurrency + ") must exceed arena.evaluations.workers ("
                    + workers + ") by at least " + SPARE_ENGINE_SLOTS + ": each running evaluation holds an engine slot for its whole run, "
                    + "and the warm pool, sandbox removal and instances need slots too; raise arena.runtime.concurrency to "
                    + (workers + SPARE_ENGINE_SLOTS) + " or more, or lower arena.evaluations.workers");
        }
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true) || settings.workers() == 0) {
            return;
        }
        var factory = Thread.ofVirtual().name("evaluations-" + name + "-", 0)
                .uncaughtExceptionHandler((t, e) -> log.error("evaluation worker {} died", t.getName(), e)).factory();
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(factory.newThread(this::work));
        }
        threads.add(Thread.ofVirtual().name("evaluations-" + name + "-heartbeat").unstarted(this::heartbeat));
        threads.forEach(Thread::start);
    }

    @Override
    public void stop() {
        started.set(false);
        threads.forEach(Thread::interrupt);
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    /** The jobs running on this node now. */
    int runningHere() {
        return running.size();
    }

    private void work() {
        while (started.get()) {
            try {
                if (!outage.allowsClaims()) {
                    Thread.sleep(settings.retryBackoff().toMillis());
                    continue;
                }
                var claim = evaluations.claim(name, clock.instant(), clock.instant().plus(settings.lease()));
                if (claim.isPresent()) {
                    process(claim.get());
                } else {
                    signals.awaitWork(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("evaluation worker {} failed; trying again", name, e);
                pause();
            }
        }
    }

    private void process(Evaluations.Claim claim) {
        signals.changed(claim.id());
        var job = evaluations.find(claim.id()).orElse(null);
        if (job == null) {
            return; // its project was deleted under us
        }
        // Another node's clock stamped queuedAt: one running ahead of this one's must not fail the job.
        Duration waited = Duration.between(job.queuedAt(), clock.instant());
        queueWait.record(waited.isNegative() ? Duration.ZERO : waited);
        if (claim.attempts() > settings.maxAttempts()) {
            String error = "gave up after " + settings.maxAttempts() + " attempts; the last worker lost its lease (" + job.error() + ")";
            end(claim, written(job, Status.INTERNAL_ERROR, () -> evaluations.giveUp(claim, clock.instant(), error)), Status.INTERNAL_ERROR);
            return;
        }
        var run = new Running(claim);
        running.put(claim.id(), run);
        long begun = System.nanoTime();
        try {
            var outcome = execute(job, claim.backlog(), run);
            Status status = outcome.run().status();
            end(claim, written(job, status, () -> evaluations.finish(claim, outcome.run(), outcome.tests(), clock.instant())), status);
        } catch (Sandbox.LeaseLost e) {
            log.info("evaluation {} lost its lease to another worker; its run was ended", claim.id());
        } catch (ContainerRuntimeException e) {
            if (e instanceof ContainerRuntimeException.DaemonUnreachable) {
                outage.began();
            }
            infrastructureFailed(claim, job, e.outcome() + ": " + e.getMessage());
        } finally {
            running.remove(claim.id());
            runTime.record(Duration.ofNanos(System.nanoTime() - begun));
        }
    }

    private Outcome execute(Evaluation job, boolean backlog, Running run) {
        Language language = Language.ALL.stream().filter(l -> l.name().equals(job.language())).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown language " + job.language()));
        var labels = new ArenaLabels("sandbox", Long.toString(job.id()), Long.toString(job.projectId()), job.submittedBy());
        if (job.tests().isEmpty()) {
            return new Outcome(sandbox.run(language, job.source(), job.stdin(), job.limits(), labels, backlog, run), List.of());
        }
        return new TestRun(sandbox, language, job, labels, run).run();
    }

    private void infrastructureFailed(Evaluations.Claim claim, Evaluation job, String error) {
        Instant now = clock.instant();
        if (claim.attempts() >= settings.maxAttempts()) {
            end(claim, written(job, Status.INTERNAL_ERROR, () -> evaluations.giveUp(claim, now, error)), Status.INTERNAL_ERROR);
            log.warn("evaluation {} failed {} times and is dead-lettered: {}", claim.id(), claim.attempts(), error);
            return;
        }
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(20, claim.attempts() - 1));
        if (evaluations.retryLater(claim, now.plus(backoff), error)) {
            signals.changed(claim.id());
        } else {
            log.info("evaluation {}: a newer claim holds it; its retry was discarded", claim.id());
        }
    }

    /** Writes a final status and, in the same transaction, publishes that the evaluation finished. */
    private boolean written(Evaluation job, Status status, BooleanSupplier write) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean written = write.getAsBoolean();
            if (written) {
                events.publishEvent(Finishing.event(job, status, clock.instant()));
            }
            return written;
        }));
    }

    private void end(Evaluations.Claim claim, boolean written, Status status) {
        if (written) {
            meters.counter("arena.evaluations.outcomes", "status", status.wireName()).increment();
            signals.changed(claim.id());
            signals.callbackDue();
        } else {
            meters.counter("arena.evaluations.fenced").increment();
            log.info("evaluation {}: result of fence {} discarded, a newer claim holds it", claim.id(), claim.fence());
        }
    }

    private void heartbeat() {
        long every = settings.lease().toMillis() / 3;
        while (started.get()) {
            try {
                Thread.sleep(every);
                for (Running r : running.values()) {
                    if (!r.abandoned() && !evaluations.heartbeat(r.claim, clock.instant().plus(settings.lease()))) {
                        r.lose();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("evaluation heartbeat failed; trying again", e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
