package dev.arena.threats.query;

import dev.arena.platform.Db;
import dev.arena.threats.enrich.AttackRules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Read-only SQL over the pipeline's tables: session lists, one session's timeline (one query), summaries. */
@Repository
class ThreatQueries {

    private static final String SESSION_COLUMNS = """
            s.id, s.source, s.first_seen, s.last_seen, s.events, s.failed_logins, s.successful_logins, s.commands, s.downloads,
            s.distinct_usernames, s.distinct_passwords, s.distinct_commands, s.new_country, s.country, s.asn, s.as_org, s.network,
            s.techniques, s.sensors, s.offender_user_id, s.score""";

    private final NamedParameterJdbcTemplate jdbc;
    private final AttackRules rules;
    private final JsonMapper json;

    ThreatQueries(NamedParameterJdbcTemplate jdbc, AttackRules rules, JsonMapper json) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.json = json;
    }

    /** The name of a technique, as the rules call it; null for one they do not assign. */
    @Nullable String techniqueName(String technique) {
        return rules.techniqueName(technique);
    }

    /** Filters of the session list; null means no filter. {@code technique} T1110 also matches T1110.001. */
    record Filter(@Nullable Instant from, @Nullable Instant to, @Nullable String source, @Nullable String technique,
                  @Nullable Double minScore) {
    }

    /** Up to {@code limit} sessions with ids below {@code before}, newest first. */
    List<SessionView> sessions(long projectId, Filter filter, long before, int limit) {
        var params = new MapSqlParameterSource().addValue("project", projectId).addValue("before", before).addValue("limit", limit);
        StringBuilder sql = new StringBuilder("SELECT " + SESSION_COLUMNS + " FROM threat_sessions s WHERE s.project_id = :project AND s.id < :before");
        if (filter.from() != null) {
            sql.append(" AND s.last_seen >= :from");
            params.addValue("from", Db.ts(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND s.first_seen < :to");
            params.addValue("to", Db.ts(filter.to()));
        }
        if (filter.source() != null) {
            sql.append(" AND s.source = :source");
            params.addValue("source", filter.source());
        }
        if (filter.minScore() != null) {
            sql.append(" AND s.score >= :minScore");
            params.addValue("minScore", filter.minScore());
        }
        if (filter.technique() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM threat_techniques t WHERE t.session_id = s.id AND (t.technique = :technique OR t.technique LIKE :subtechniques))");
            params.addValue("technique", filter.technique()).addValue("subtechniques", filter.technique() + ".%");
        }
        sql.append(" ORDER BY s.id DESC FETCH FIRST :limit ROWS ONLY");
        return jdbc.query(sql.toString(), params, (rs, n) -> session(rs));
    }

    Optional<SessionView> session(long projectId, long sessionId) {
        return jdbc.query("SELECT " + SESSION_COLUMNS + " FROM threat_sessions s WHERE s.project_id = :project AND s.id = :id",
                        new MapSqlParameterSource().addValue("project", projectId).addValue("id", sessionId), (rs, n) -> session(rs))
                .stream().findFirst();
    }

    /**
     * A session's first {@code limit} events in time order, each with the techniques assigned to it — one
     * query (events joined to their assignments), whatever the number of events.
     */
    List<TimelineEvent> timeline(long projectId, long sessionId, int limit) {
        var params = new MapSqlParameterSource().addValue("project", projectId).addValue("session", sessionId).addValue("limit", limit);
        Map<Long, TimelineEvent> events = new LinkedHashMap<>();
        jdbc.query("""
                SELECT e.id, e.at, e.kind, e.type, e.sensor, e.sensor_session, e.username, e.password, e.command, e.url, e.sha256,
                       e.detail, e.country, e.asn, e.as_org, e.network, t.technique, t.rule, t.rules_version
                FROM threat_events e LEFT JOIN threat_techniques t ON t.event_id = e.id
                WHERE e.id IN (SELECT id FROM threat_events WHERE project_id = :project AND session_id = :session
                               ORDER BY at, id FETCH FIRST :limit ROWS ONLY)
                ORDER BY e.at, e.id, t.id""", params, rs -> {
            TimelineEvent event = events.computeIfAbsent(rs.getLong("id"), id -> event(rs, id));
            String technique = rs.getString("technique");
            if (technique != null) {
                event.techniques().add(new TechniqueView(technique, rules.techniqueName(technique), rs.getString("rule"),
                        rs.getString("rules_version")));
            }
        });
        return List.copyOf(events.values());
    }

    /** A session's latest score: its drivers (largest first, empty while the model warms up or under arena.threats.score.explain-from) and when it was scored. */
    record ScoreDetail(@Nullable Double value, boolean warmedUp, List<Driver> drivers, Instant scoredAt) {
    }

    record Driver(String feature, double weight) {
    }

    /** A session and its latest score (null until the decision stage scored it). */
    record ScoredSession(SessionView session, @Nullable ScoreDetail score) {
    }

    /**
     * A session with its latest score, read from one row: the decision thread stores scores while this reads,
     * and two reads could show a session without the score its detail has.
     */
    Optional<ScoredSession> scoredSession(long projectId, long sessionId) {
        return jdbc.query("SELECT " + SESSION_COLUMNS + ", s.score_drivers, s.scored_at FROM threat_sessions s"
                        + " WHERE s.project_id = :project AND s.id = :id",
                new MapSqlParameterSource().addValue("project", projectId).addValue("id", sessionId),
                (rs, n) -> new ScoredSession(session(rs), rs.getObject("scored_at") == null ? null : score(rs))).stream().findFirst();
    }

    private ScoreDetail score(ResultSet rs) throws SQLException {
        Double value = rs.getObject("score") == null ? null : rs.getDouble("score");
        List<Driver> drivers = new ArrayList<>();
        String stored = rs.getString("score_drivers");
        if (stored != null) {
            json.readTree(stored).forEach(d -> drivers.add(new Driver(d.path("feature").asString(), d.path("weight").asDouble())));
        }
        return new ScoreDetail(value, value != null, drivers, Db.instant(rs, "scored_at"));
    }

    /** A response a policy took for a session, as audited; {@code policySet} is {@code project} (its own) or {@code built-in}. */
    record ResponseView(String id, String policy, String policySet, int policyVersion, String action, String outcome, String rule,
                        double score, List<String> techniques, @Nullable String blockId, @Nullable Instant expiresAt, Instant at) {
    }

    /** The responses taken for a session, oldest first. */
    List<ResponseView> responses(long projectId, long sessionId) {
        return jdbc.query("""
                        SELECT id, policy, policy_set, policy_version, action, outcome, rule, score, techniques, block_id, expires_at,
                               created_at
                        FROM threat_responses WHERE project_id = :project AND session_id = :session ORDER BY id""",
                new MapSqlParameterSource().addValue("project", projectId).addValue("session", sessionId),
                (rs, n) -> new ResponseView(Long.toString(rs.getLong("id")), rs.getString("policy"), rs.getString("policy_set"),
                        rs.getInt("policy_version"), rs.getString("action"), rs.getString("outcome"), rs.getString("rule"),
                        rs.getDouble("score"), list(rs.getString("techniques")), nullableString(rs, "block_id"),
                        rs.getObject("expires_at") == null ? null : Db.instant(rs, "expires_at"), Db.instant(rs, "created_at")));
    }

    record Minute(Instant minute, long events) {
    }

    /** Events per minute since {@code from}, the minutes without events left out. */
    List<Minute> eventsPerMinute(long projectId, Instant from) {
        return jdbc.query("SELECT epoch_minute, events FROM threat_minutes WHERE project_id = :project AND epoch_minute >= :from ORDER BY epoch_minute",
                new MapSqlParameterSource().addValue("project", projectId).addValue("from", from.getEpochSecond() / 60),
                (rs, n) -> new Minute(Instant.ofEpochSecond(rs.getLong("epoch_minute") * 60), rs.getLong("events")));
    }

    record Count(String key, long sessions, long events) {
    }

    /** Sources or countries ({@code column}) of sessions active since {@code from}, by events, most first. */
    List<Count> top(long projectId, String column, Instant from, int limit) {
        return jdbc.query("SELECT " + column + " AS k, COUNT(*) AS sessions, SUM(events) AS events FROM threat_sessions"
                        + " WHERE project_id = :project AND last_seen >= :from AND " + column + " IS NOT NULL"
                        + " GROUP BY " + column + " ORDER BY SUM(events) DESC, " + column + " FETCH FIRST :limit ROWS ONLY",
                new MapSqlParameterSource().addValue("project", projectId).addValue("from", Db.ts(from)).addValue("limit", limit),
                (rs, n) -> new Count(rs.getString("k"), rs.getLong("sessions"), rs.getLong("events")));
    }

    /** Techniques assigned since {@code from}: in how many sessions, on how many events. */
    List<Count> topTechniques(long projectId, Instant from, int limit) {
        return jdbc.query("""
                        SELECT technique AS k, COUNT(DISTINCT session_id) AS sessions, COUNT(*) AS events FROM threat_techniques
                        WHERE project_id = :project AND at >= :from GROUP BY technique ORDER BY COUNT(*) DESC, technique
                        FETCH FIRST :limit ROWS ONLY""",
                new MapSqlParameterSource().addValue("project", projectId).addValue("from", Db.ts(from)).addValue("limit", limit),
                (rs, n) -> new Count(rs.getString("k"), rs.getLong("sessions"), rs.getLong("events")));
    }

    private static SessionView session(ResultSet rs) throws SQLException {
        Instant first = Db.instant(rs, "first_seen");
        Instant last = Db.instant(rs, "last_seen");
        int events = rs.getInt("events");
        int failed = rs.getInt("failed_logins");
        int succeeded = rs.getInt("successful_logins");
        Double score = rs.getObject("score") == null ? null : rs.getDouble("score");
        return new SessionView(Long.toString(rs.getLong("id")), rs.getString("source"), first, last,
                Duration.between(first, last).toSeconds(), events, failed, succeeded, rs.getInt("commands"), rs.getInt("downloads"),
                rs.getInt("distinct_usernames"), rs.getInt("distinct_passwords"), rs.getInt("distinct_commands"),
                events / Math.max(1.0, Duration.between(first, last).toMillis() / 60_000.0),
                failed + succeeded == 0 ? 0 : (double) failed / (failed + succeeded), rs.getBoolean("new_country"),
                rs.getString("country"), nullableLong(rs, "asn"), rs.getString("as_org"), rs.getString("network"),
                list(rs.getString("techniques")), list(rs.getString("sensors")), nullableString(rs, "offender_user_id"), score);
    }

    private static TimelineEvent event(ResultSet rs, long id) {
        try {
            return new TimelineEvent(Long.toString(id), Db.instant(rs, "at"), rs.getString("kind"), rs.getString("type"),
                    rs.getString("sensor"), rs.getString("sensor_session"), rs.getString("username"), rs.getString("password"),
                    rs.getString("command"), rs.getString("url"), rs.getString("sha256"), rs.getString("detail"),
                    rs.getString("country"), nullableLong(rs, "asn"), rs.getString("as_org"), rs.getString("network"), new ArrayList<>());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable String nullableString(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Long.toString(value);
    }
}
