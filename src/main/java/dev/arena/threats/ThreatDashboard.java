package dev.arena.threats;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a project's readers see of its threats: counts for dashboards, the latest attacker sessions and a
 * session's timeline. Shared by {@code /v1/projects/{projectId}/threats/summary} and the console; callers
 * who may not see the project get {@link dev.arena.platform.ResourceNotFound}.
 */
public interface ThreatDashboard {

    /** Events in one minute. */
    record Minute(Instant minute, long events) {
    }

    /** A source address or country: in how many sessions, with how many events. */
    record Count(String key, long sessions, long events) {
    }

    /** An ATT&CK technique ({@code name} null when the rules do not know it): in how many sessions, on how many events. */
    record TechniqueCount(String technique, @Nullable String name, long sessions, long events) {
    }

    /** Counts over {@code from}..{@code to}; minutes without events are left out of {@code eventsPerMinute}. */
    record Summary(Instant from, Instant to, long events, List<Minute> eventsPerMinute, List<Count> topSources,
                   List<TechniqueCount> topTechniques, List<Count> countries) {
    }

    /** An attacker session in a list; {@code score} is null until scored. */
    record SessionRow(String id, String source, Instant firstSeen, Instant lastSeen, int events, @Nullable String country,
                      List<String> techniques, @Nullable Double score) {
    }

    /** One event of a session's timeline, in a line: what happened and which techniques it shows. */
    record TimelineEntry(Instant at, String type, @Nullable String what, List<String> techniques) {
    }

    /** Counts over the last {@code minutes} (1 to 10080). */
    Summary summary(ArenaPrincipal caller, long projectId, int minutes);

    /** The latest sessions, newest first, at most {@code limit}. */
    List<SessionRow> sessions(ArenaPrincipal caller, long projectId, int limit);

    /** A session's first {@code limit} events. @throws dev.arena.platform.ResourceNotFound for another project's session */
    List<TimelineEntry> timeline(ArenaPrincipal caller, long projectId, long sessionId, int limit);
}
