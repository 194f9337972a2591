package dev.arena.threats.query;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ThreatDashboard;
import dev.arena.threats.access.ThreatAccess;
import dev.arena.threats.decide.SessionAnalyses;
import dev.arena.threats.enrich.GeoIp;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading threats, for the project's readers: attacker sessions (filtered, newest first, cursor-paginated),
 * one session with its timeline, and dashboard summaries. {@code GET /v1/threats/geoip} tells any signed-in
 * caller which GeoIP databases are loaded and where they came from (their licence asks for attribution).
 */
@RestController
@Tag(name = "Threats")
class ThreatQueryController {

    private final ThreatQueries queries;
    private final ThreatAccess access;
    private final GeoIp geoIp;
    private final Dashboard dashboard;
    private final SessionAnalyses analyses;

    ThreatQueryController(ThreatQueries queries, Dashboard dashboard, ThreatAccess access, GeoIp geoIp, SessionAnalyses analyses) {
        this.queries = queries;
        this.dashboard = dashboard;
        this.analyses = analyses;
        this.access = access;
        this.geoIp = geoIp;
    }

    @GetMapping("/v1/projects/{projectId}/threats/sessions")
    Page<SessionView> sessions(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                               @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
                               @RequestParam(required = false) @Nullable String source,
                               @RequestParam(required = false) @Nullable String technique,
                               @RequestParam(required = false) @Nullable Double minScore,
                               @RequestParam(required = false) @Nullable String cursor,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long project = readable(caller, projectId);
        if (technique != null && !technique.matches("T\\d{4}(\\.\\d{3})?")) {
            throw new InvalidValue("technique", "A technique id looks like T1110 or T1110.001.");
        }
        if (source != null && source.length() > 64) {
            throw new InvalidValue("source", "A source is at most 64 characters.");
        }
        long before = cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : Page.after(cursor);
        var filter = new ThreatQueries.Filter(instant("from", from), instant("to", to), source, technique, minScore);
        return Page.keyset(queries.sessions(project, filter, before, limit + 1), limit, s -> Long.parseLong(s.id()));
    }

    /**
     * A session and its timeline, its latest score with the features that drove it (null until scored), the
     * responses policies took, and its analysis (the LLM analyst's or the rule-based summary, saying which).
     */
    record SessionDetail(SessionView session, List<TimelineEvent> timeline, boolean timelineTruncated,
                         ThreatQueries.@Nullable ScoreDetail score, List<ThreatQueries.ResponseView> responses,
                         SessionAnalyses.@Nullable View analysis) {
    }

    @GetMapping("/v1/projects/{projectId}/threats/sessions/{sessionId}")
    SessionDetail session(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                          @PathVariable String sessionId, @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        long project = readable(caller, projectId);
        long id = Ids.parse(sessionId, "session");
        ThreatQueries.ScoredSession scored = queries.scoredSession(project, id).orElseThrow(() -> new ResourceNotFound("session"));
        List<TimelineEvent> timeline = queries.timeline(project, id, limit);
        return new SessionDetail(scored.session(), timeline, scored.session().events() > timeline.size(), scored.score(),
                queries.responses(project, id), analyses.read(project, id).orElse(null));
    }

    /** Counts for dashboards over the last {@code minutes} (default 60, at most a week). */
    @GetMapping("/v1/projects/{projectId}/threats/summary")
    ThreatDashboard.Summary summary(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                    @RequestParam(defaultValue = "60") @Min(1) @Max(10080) int minutes) {
        return dashboard.summary(caller, ThreatAccess.project(projectId), minutes);
    }

    @GetMapping("/v1/threats/geoip")
    Map<String, Object> geoip() {
        return geoIp.describe();
    }

    private long readable(ArenaPrincipal caller, String projectId) {
        long project = ThreatAccess.project(projectId);
        access.require(caller, project, ProjectRole.READER);
        return project;
    }

    private static @Nullable Instant instant(String field, @Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValue(field, "Not an ISO-8601 timestamp with an offset, such as 2026-11-20T10:00:00Z.");
        }
    }
}
