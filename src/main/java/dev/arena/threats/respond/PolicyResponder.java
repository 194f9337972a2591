package dev.arena.threats.respond;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.ProjectAccess;
import dev.arena.instances.InstanceControl;
import dev.arena.platform.Ids;
import dev.arena.platform.RateLimiter;
import dev.arena.threats.ResponseSettings;
import dev.arena.threats.ThreatAlert;
import dev.arena.threats.ingest.Inbox;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link Responder} over each project's {@link PolicySet} (its own or the built-in one, from
 * {@link ProjectPolicies}' memory). A verdict is matched against the policies in memory; only a policy that
 * matches and has not responded to the session yet costs more. Such a response is then taken in this order:
 * <ol>
 *   <li>claimed in memory for (session, policy), so that concurrent updates of one session take it once;</li>
 *   <li>skipped for good when it cannot apply (a block of an allow-listed or malformed address, a stop with no
 *       offending user or in Arena's own scope);</li>
 *   <li>counted against the project's rate ({@code max-per-minute}): over it, the claim is released and a later
 *       update of the session may take it;</li>
 *   <li>on any failure (the database away, say) logged and released likewise: {@code decide} never throws;</li>
 *   <li>recorded in one transaction: the block (escalated by the address's earlier blocks), the audit row whose
 *       unique (session, policy) key makes it once-only across nodes and restarts, and the {@link ThreatAlert};</li>
 *   <li>enforced after the commit: the block joins this node's list at once (others within
 *       {@code block-refresh}); instances are stopped in the background, so a slow engine never holds up a
 *       decision.</li>
 * </ol>
 */
class PolicyResponder implements Responder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyResponder.class);

    private record Claim(long sessionId, String policy) {
    }

    private final ProjectPolicies policies;
    private final BlockService blocks;
    private final Blocks stored;
    private final BlockList list;
    private final ThreatResponses audit;
    private final InstanceControl instances;
    private final ProjectAccess projects;
    private final RateLimiter limiter;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Ids ids;
    private final ResponseSettings settings;
    private final ExecutorService background;
    private final Clock clock;
    private final RateLimiter.Limit rate;
    private final MeterRegistry meters;
    /** Responses taken (or for good not applicable) lately; the database's unique key covers what falls out. */
    /** Projects over their response rate, until when: the limiter is not asked before. */
    private final Map<Long, Instant> heldUntil = new ConcurrentHashMap<>();
    private final Cache<Claim, Boolean> claimed = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(2)).build();

    PolicyResponder(ProjectPolicies policies, BlockService blocks, Blocks stored, BlockList list, ThreatResponses audit,
                    InstanceControl instances, ProjectAccess projects, RateLimiter limiter, ApplicationEventPublisher events,
                    TransactionTemplate tx, Ids ids, ResponseSettings settings, ExecutorService background, Clock clock,
                    MeterRegistry meters) {
        this.policies = policies;
        this.blocks = blocks;
        this.stored = stored;
        this.list = list;
        this.audit = audit;
        this.instances = instances;
        this.projects = projects;
        this.limiter = limiter;
        this.events = events;
        this.tx = tx;
        this.ids = ids;
        this.settings = settings;
        this.background = background;
        this.clock = clock;
        this.meters = meters;
        this.rate = new RateLimiter.Limit(settings.maxPerMinute(), Duration.ofMinutes(1));
    }

    @Override
    public List<ResponseTaken> decide(SessionVerdict verdict) {
        ProjectPolicies.InForce inForce;
        try {
            inForce = policies.inForce(verdict.projectId());
        } catch (RuntimeException e) {
            // The project's policies could not be read (the database away): a later update of the session decides.
            log.warn("No decision on session {} of project {}: its policies could not be read: {}", verdict.sessionId(),
                    verdict.projectId(), e.toString());
            return List.of();
        }
        List<ResponseTaken> taken = List.of();
        for (Policy policy : inForce.set().policies()) {
            if (!policy.matches(verdict)) {
                continue;
            }
            Claim claim = new Claim(verdict.sessionId(), policy.name());
            if (claimed.asMap().putIfAbsent(claim, Boolean.TRUE) != null) {
                continue;
            }
            ResponseTaken response = respond(inForce, policy, verdict, claim);
            if (response != null) {
                taken = taken.isEmpty() ? new ArrayList<>(2) : taken;
                taken.add(response);
            }
        }
        return taken;
    }

    private @Nullable ResponseTaken respond(ProjectPolicies.InForce inForce, Policy policy, SessionVerdict verdict, Claim claim) {
        if (!applicable(policy, verdict)) {
            return null;
        }
        if (!withinRate(verdict.projectId())) {
            claimed.invalidate(claim);
            meters.counter("arena.threats.responses.held", "policy", policy.name()).increment();
            return null;
        }
        try {
            ResponseTaken taken = tx.execute(s -> record(inForce, policy, verdict));
            if (taken != null && !taken.dryRun() && policy.action() == Policy.Action.STOP_INSTANCE) {
                stopInstances(policy, verdict);
            }
            if (taken != null) {
                meters.counter("arena.threats.responses", "action", taken.action(), "outcome", taken.outcome()).increment();
            }
            return taken;
        } catch (DuplicateKeyException | BlockExists alreadyDone) {
            // Another node (or this one before a restart) took it, or made the same block at the same moment.
            return null;
        } catch (RuntimeException e) {
            // The pipeline goes on; a later update of the session tries again.
            claimed.invalidate(claim);
            log.warn("Response '{}' to session {} of project {} failed: {}", policy.name(), verdict.sessionId(),
                    verdict.projectId(), e.toString());
            return null;
        }
    }

    /**
     * Takes a token of the project's response rate. After a refusal the limiter (perhaps Redis, a network
     * round trip) is not asked again for that project until a token is due: an attack that keeps matching
     * while over the rate costs a map lookup per update.
     */
    private boolean withinRate(long projectId) {
        Instant now = clock.instant();
        Instant held = heldUntil.get(projectId);
        if (held != null && now.isBefore(held)) {
            return false;
        }
        RateLimiter.Decision decision = limiter.tryAcquire("threats-responses:" + projectId, rate);
        if (decision.allowed()) {
            heldUntil.remove(projectId);
        } else {
            // Logged once per hold, not per held response: an attack over the rate would flood the log.
            heldUntil.put(projectId, now.plus(decision.retryAfter()));
            log.warn("Responses of project {} held back for {}: over {} responses a minute (arena.threats.responses.held counts them)",
                    projectId, decision.retryAfter(), settings.maxPerMinute());
        }
        return decision.allowed();
    }

    private boolean applicable(Policy policy, SessionVerdict verdict) {
        return switch (policy.action()) {
            case BLOCK_IP -> {
                InetAddress ip = Cidr.address(verdict.sourceIp());
                yield ip != null && !list.isAllowListed(ip);
            }
            // Arena's own scope has no instances: its sessions' users are the accounts signed in to, not offenders.
            case STOP_INSTANCE -> verdict.offenderUserId() != null && verdict.projectId() != Inbox.ARENA_SCOPE;
            case ALERT -> true;
        };
    }

    private ResponseTaken record(ProjectPolicies.InForce inForce, Policy policy, SessionVerdict verdict) {
        if (verdict.projectId() != Inbox.ARENA_SCOPE) {
            // No foreign key keeps a deleted project's late session from a response, whose block would outlive the
            // project (refusing the address on a dead project's routes, and listed nowhere): ResourceNotFound fails it instead.
            projects.orgOf(verdict.projectId());
        }
        boolean dryRun = policy.dryRun() || settings.dryRun();
        String outcome = dryRun ? "dry-run" : "enforced";
        Long blockId = null;
        Instant expiresAt = null;
        if (policy.action() == Policy.Action.BLOCK_IP) {
            Cidr address = Cidr.parse(verdict.sourceIp());
            Instant now = clock.instant();
            Block active = stored.active(verdict.projectId(), address.toString(), now).orElse(null);
            Duration duration = active != null ? Duration.ZERO
                    : policy.blockDuration(stored.countOf(verdict.projectId(), address.toString()), settings.maxBlockDuration());
            if (active != null) {
                outcome = "already-blocked";
                blockId = active.id();
                expiresAt = active.expiresAt();
            } else if (dryRun) {
                expiresAt = now.plus(duration);
            } else {
                Block block = blocks.block(verdict.projectId(), address, duration, "policy " + policy.name() + ": " + policy.rule(),
                        null, policy.name(), verdict.sessionId());
                blockId = block.id();
                expiresAt = block.expiresAt();
            }
        }
        ResponseTaken taken = new ResponseTaken(ids.next(), policy.name(), policy.action().wireName(), dryRun, expiresAt,
                outcome, blockId);
        audit.record(taken, inForce, policy, verdict, clock.instant());
        if (taken.outcome().equals("enforced")) {
            events.publishEvent(alert(policy, verdict, taken));
        }
        return taken;
    }

    private static ThreatAlert alert(Policy policy, SessionVerdict verdict, ResponseTaken taken) {
        String what = switch (policy.action()) {
            case BLOCK_IP -> "blocked " + verdict.sourceIp() + " at Arena's API until " + taken.expiresAt();
            case STOP_INSTANCE -> "stopped the instances of user " + verdict.offenderUserId();
            case ALERT -> "session from " + verdict.sourceIp() + " needs a look";
        };
        String summary = "Policy " + policy.name() + " (" + policy.rule() + ") " + what + "; score "
                + String.format(java.util.Locale.ROOT, "%.2f", verdict.score().value());
        return new ThreatAlert(verdict.projectId(), verdict.sessionId(), verdict.sourceIp(), policy.severity(), summary,
                verdict.techniqueIds().stream().sorted().toList(), verdict.at());
    }

    /** Stops taking stop-instance work; stops under way are interrupted. */
    @Override
    public void close() {
        background.shutdownNow();
    }

    private void stopInstances(Policy policy, SessionVerdict verdict) {
        long user = java.util.Objects.requireNonNull(verdict.offenderUserId());
        background.execute(() -> {
            try {
                instances.stopAllOf(verdict.projectId(), user, "threat policy " + policy.name() + " on session " + verdict.sessionId());
            } catch (RuntimeException e) {
                log.warn("Policy {} could not stop the instances of user {} in project {}: {}", policy.name(), user,
                        verdict.projectId(), e.toString());
            }
        });
    }
}
