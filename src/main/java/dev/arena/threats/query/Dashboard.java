package dev.arena.threats.query;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ThreatDashboard;
import dev.arena.threats.access.ThreatAccess;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/** {@link ThreatDashboard} over the threat queries; the summary route answers with {@link #summary} too. */
@Service
class Dashboard implements ThreatDashboard {

    static final int TOP = 10;

    private final ThreatQueries queries;
    private final ThreatAccess access;
    private final Clock clock;

    Dashboard(ThreatQueries queries, ThreatAccess access, Clock clock) {
        this.queries = queries;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public Summary summary(ArenaPrincipal caller, long projectId, int minutes) {
        access.require(caller, projectId, ProjectRole.READER);
        Instant to = clock.instant();
        Instant from = to.minus(minutes, ChronoUnit.MINUTES);
        List<Minute> perMinute = queries.eventsPerMinute(projectId, from).stream().map(m -> new Minute(m.minute(), m.events())).toList();
        List<TechniqueCount> techniques = queries.topTechniques(projectId, from, TOP).stream()
                .map(c -> new TechniqueCount(c.key(), queries.techniqueName(c.key()), c.sessions(), c.events())).toList();
        return new Summary(from, to, perMinute.stream().mapToLong(Minute::events).sum(), perMinute,
                counts(queries.top(projectId, "source", from, TOP)), techniques, counts(queries.top(projectId, "country", from, TOP)));
    }

    @Override
    public List<SessionRow> sessions(ArenaPrincipal caller, long projectId, int limit) {
        access.require(caller, projectId, ProjectRole.READER);
        var any = new ThreatQueries.Filter(null, null, null, null, null);
        return queries.sessions(projectId, any, Long.MAX_VALUE, limit).stream()
                .map(s -> new SessionRow(s.id(), s.source(), s.firstSeen(), s.lastSeen(), s.events(), s.country(), s.techniques(), s.score()))
                .toList();
    }

    @Override
    public List<TimelineEntry> timeline(ArenaPrincipal caller, long projectId, long sessionId, int limit) {
        access.require(caller, projectId, ProjectRole.READER);
        queries.session(projectId, sessionId).orElseThrow(() -> new ResourceNotFound("session"));
        return queries.timeline(projectId, sessionId, limit).stream()
                .map(e -> new TimelineEntry(e.at(), e.type(), what(e), e.techniques().stream().map(TechniqueView::id).toList()))
                .toList();
    }

    /** The one attacker-supplied detail worth a line: a command, a URL, a login name, or the event's detail. */
    private static String what(TimelineEvent e) {
        return Stream.of(e.command(), e.url(), e.username() == null ? null : "user " + e.username(), e.sha256(), e.detail())
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    private static List<Count> counts(List<ThreatQueries.Count> counts) {
        return counts.stream().map(c -> new Count(c.key(), c.sessions(), c.events())).toList();
    }
}
