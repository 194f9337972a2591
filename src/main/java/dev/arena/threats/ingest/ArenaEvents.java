package dev.arena.threats.ingest;

import dev.arena.evaluations.EvaluationEvent;
import dev.arena.identity.IdentityEvent;
import dev.arena.instances.InstanceEvent;
import java.net.InetAddress;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns Arena's own security-relevant events into threat events: failed logins, rate limits and refresh
 * token reuse from identity, instance lifecycle events, and sandbox outcomes that hit a limit. Listening synchronously (like the audit log)
 * because identity publishes failed logins outside any transaction, where a transactional listener would
 * never hear them; inside a transaction the inbox row commits or rolls back with the publisher's work.
 *
 * <p>Events that belong to no project (a failed login, a rate limit) go to {@link #ARENA_SCOPE}, project 0:
 * Arena's own scope, which no project route can name.
 */
@Component("threatArenaEvents")
class ArenaEvents {

    static final long ARENA_SCOPE = Inbox.ARENA_SCOPE;
    static final String SENSOR = "arena";

    private static final Logger log = LoggerFactory.getLogger(ArenaEvents.class);

    private final Inbox inbox;
    private final Clock clock;

    ArenaEvents(Inbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @EventListener
    void on(IdentityEvent event) {
        switch (event) {
            case IdentityEvent.LoginFailed e -> record(ARENA_SCOPE, e.ip(), e.actorId(), EventKind.LOGIN_FAILED, e.email(), null);
            case IdentityEvent.RateLimited e -> record(ARENA_SCOPE, e.ip(), null, EventKind.RATE_LIMITED, null, e.limit());
            case IdentityEvent.RefreshTokenReuseDetected e -> record(e.projectId(), e.ip(), userOf(e.subject()),
                    EventKind.TOKEN_REUSE, null, e.describe());
            default -> {
            }
        }
    }

    /**
     * Instance events of their project, by the user who acted ({@code user-<id>}) or the owner. Extensions are
     * left out: a player keeping their own instance alive, as often as its challenge allows, is not a threat,
     * and recording each was about a quarter of an extend's CPU (JFR of the extension spam, 2026-12-06).
     */
    @EventListener
    void on(InstanceEvent event) {
        if (event instanceof InstanceEvent.InstanceExtended) {
            return;
        }
        String type = "arena.instance." + event.getClass().getSimpleName().substring("Instance".length()).toLowerCase(java.util.Locale.ROOT);
        String source = event.actorId() != null ? "user-" + event.actorId() : event.owner();
        store(event.projectId(), new ThreatEvent(clock.instant(), source, EventKind.INSTANCE, type, SENSOR,
                Long.toString(event.instanceId()), null, null, null, null, null, event.describe(), event.actorId()));
    }

    /**
     * Sandbox outcomes that hit a limit (memory bombs, endless loops, output floods) become events of the
     * evaluation's project by its submitter ({@code user-<id>}, the same source as their instance events, so
     * both land in one session; {@code api-client} when an API client submitted it). Other outcomes are not
     * security events. Delivered after the evaluation's commit, at least once: a redelivery after a crash
     * counts the outcome twice.
     */
    @ApplicationModuleListener
    void on(EvaluationEvent event) {
        if (!(event instanceof EvaluationEvent.EvaluationFinished finished)) {
            return;
        }
        EventKind kind = switch (finished.status()) {
            case "memory_limit" -> EventKind.MEMORY_LIMIT;
            case "time_limit" -> EventKind.TIME_LIMIT;
            case "output_limit" -> EventKind.OUTPUT_LIMIT;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        Long user = finished.submitterUserId();
        store(finished.projectId(), new ThreatEvent(finished.at(), user != null ? "user-" + user : "api-client", kind,
                "arena.evaluation." + finished.status(), SENSOR, Long.toString(finished.evaluationId()), null, null, null, null, null,
                finished.language() + " evaluation " + finished.evaluationId() + ": " + finished.status(), user));
    }

    private void record(long project, @Nullable String ip, @Nullable Long userId, EventKind kind, @Nullable String username,
                        @Nullable String detail) {
        InetAddress address = ip == null ? null : IpAddresses.parse(ip);
        String source = address != null ? address.getHostAddress() : userId != null ? "user-" + userId : "unknown";
        store(project, new ThreatEvent(clock.instant(), source, kind, "arena." + kind.wireName(), SENSOR, null, username, null,
                null, null, null, detail, userId));
    }

    private void store(long project, ThreatEvent event) {
        try {
            inbox.record(project, event);
        } catch (RuntimeException e) {
            // The publisher's own work (a login, an instance start) must not fail because threat ingest did.
            log.warn("Could not record {} as a threat event: {}", event.type(), e.getMessage());
        }
    }

    private static @Nullable Long userOf(String subject) {
        return subject.startsWith("user:") ? Long.valueOf(subject.substring(5)) : null;
    }
}
