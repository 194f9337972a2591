package dev.arena.threats.session;

import dev.arena.platform.Db;
import dev.arena.threats.enrich.Location;
import dev.arena.threats.enrich.NetworkLabel;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.ingest.PartitionLeases;
import dev.arena.threats.ingest.ThreatEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions, events and technique assignments in the database, written by the pipeline's store thread from the
 * sessionizer's copies. A batch is written in one transaction with
 * JDBC batch statements (one round trip per table, whatever the number of events), together with the
 * deletion of its inbox rows: a batch is stored exactly once or not at all. When nodes share the database, a
 * row is deleted only while this node holds its partition at the epoch the pipeline took it at, and the lease
 * stays locked until the write commits ({@link PartitionLeases#fence()}): a node that lost a partition cannot
 * overwrite what its new holder stores, and the new holder loads what the old one wrote. The fence rides on the
 * delete that every write makes anyway, so it costs no round trip.
 */
@Repository("threatSessions")
class Sessions implements Sessionizer.Store {

    /** Sources per {@code IN} list. */
    private static final int CHUNK = 500;
    /** What a session is restored from. */
    private static final String COLUMNS = """
            id, project_id, source, first_seen, last_seen, events, offender_user_id, new_country, country, asn, as_org, network, state""";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final String node;
    private final @Nullable String fence;
    private final PartitionLeases partitions;
    /**
     * Adds to a minute's count, making its row when it is the first. On PostgreSQL an upsert: two nodes making
     * the same new minute at once would have one {@code MERGE} fail on the key and its whole batch retried. H2 has
     * one node, and no {@code ON CONFLICT … DO UPDATE}.
     */
    private final String countMinute;

    Sessions(JdbcTemplate jdbc, TransactionTemplate tx, JsonMapper json, PartitionLeases partitions) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
        this.json = json;
        this.node = partitions.node();
        this.fence = partitions.fence();
        this.partitions = partitions;
        this.countMinute = Db.isPostgres(Objects.requireNonNull(jdbc.getDataSource())) ? """
                INSERT INTO threat_minutes (project_id, epoch_minute, events) VALUES (?, ?, ?)
                ON CONFLICT (project_id, epoch_minute) DO UPDATE SET events = threat_minutes.events + EXCLUDED.events""" : """
                MERGE INTO threat_minutes t
                USING (SELECT CAST(? AS BIGINT) AS project_id, CAST(? AS BIGINT) AS epoch_minute, CAST(? AS BIGINT) AS events) v
                ON t.project_id = v.project_id AND t.epoch_minute = v.epoch_minute
                WHEN MATCHED THEN UPDATE SET events = t.events + v.events
                WHEN NOT MATCHED THEN INSERT (project_id, epoch_minute, events) VALUES (v.project_id, v.epoch_minute, v.events)""";
    }

    /**
     * Some inbox rows of a batch were gone — another node stored them — or are another node's now that it holds
     * their partition. Nothing of the batch was written.
     */
    static final class AlreadyStored extends RuntimeException {
        final Set<Long> inboxIds;

        AlreadyStored(Set<Long> inboxIds) {
            super("inbox batches " + inboxIds + " were stored by another node or are another node's", null, false, false);
            this.inboxIds = inboxIds;
        }
    }

    /** Writes a batch and deletes its inbox rows, in one transaction. @throws AlreadyStored as said there */
    void write(Sessionizer.Batch batch, List<Inbox.Pending> pending) {
        tx.executeWithoutResult(status -> {
            deleteInbox(pending);
            writeSessions(batch.sessions());
            insertEvents(batch.events());
            insertAssignments(batch.assignments());
            countMinutes(batch.minutes());
        });
    }

    private void deleteInbox(List<Inbox.Pending> pending) {
        int[][] counts = fence == null
                ? jdbc.batchUpdate("DELETE FROM threat_inbox WHERE id = ?", pending, pending.size(), (ps, p) -> ps.setLong(1, p.inboxId()))
                : jdbc.batchUpdate("DELETE FROM threat_inbox WHERE id = ? AND " + fence, pending, pending.size(), (ps, p) -> {
                    ps.setLong(1, p.inboxId());
                    ps.setInt(2, p.partition());
                    ps.setString(3, node);
                    ps.setLong(4, p.epoch());
                });
        Set<Long> gone = new HashSet<>();
        int i = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count == 0) {
                    gone.add(pending.get(i).inboxId());
                }
                i++;
            }
        }
        if (!gone.isEmpty()) {
            throw new AlreadyStored(gone);
        }
    }

    private void writeSessions(Collection<SessionState> sessions) {
        List<SessionState> fresh = sessions.stream().filter(s -> !s.stored).toList();
        // In id order: transactions that lock rows in one order (retention's deletes, another node's writes) never deadlock.
        List<SessionState> known = sessions.stream().filter(s -> s.stored).sorted(Comparator.comparingLong(s -> s.id)).toList();
        jdbc.batchUpdate("""
                INSERT INTO threat_sessions (first_seen, last_seen, events, failed_logins, successful_logins, commands, downloads,
                    distinct_usernames, distinct_passwords, distinct_commands, techniques, sensors, offender_user_id, state,
                    project_id, source, new_country, country, asn, as_org, network, countries, partition_no, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", fresh, fresh.size(), (ps, s) -> {
            int next = setChanging(ps, s);
            ps.setLong(next++, s.projectId);
            ps.setString(next++, s.source);
            ps.setBoolean(next++, s.newCountry);
            ps.setString(next++, s.location.country());
            setLong(ps, next++, s.location.asn());
            ps.setString(next++, cut(s.location.asOrg(), 200));
            ps.setString(next++, s.location.network().wireName());
            ps.setString(next++, s.location.country() == null ? "" : s.location.country());
            ps.setInt(next++, s.partition);
            ps.setLong(next, s.id);
        });
        jdbc.batchUpdate("""
                UPDATE threat_sessions SET first_seen = ?, last_seen = ?, events = ?, failed_logins = ?, successful_logins = ?,
                    commands = ?, downloads = ?, distinct_usernames = ?, distinct_passwords = ?, distinct_commands = ?,
                    techniques = ?, sensors = ?, offender_user_id = ?, state = ?
                WHERE id = ?""", known, known.size(), (ps, s) -> ps.setLong(setChanging(ps, s), s.id));
    }

    /** Sets what changes as a session grows, from parameter 1; returns the next parameter index. */
    private int setChanging(PreparedStatement ps, SessionState s) throws SQLException {
        ps.setObject(1, Db.ts(s.firstSeen));
        ps.setObject(2, Db.ts(s.lastSeen));
        ps.setInt(3, s.events);
        ps.setInt(4, s.failedLogins());
        ps.setInt(5, s.successfulLogins());
        ps.setInt(6, s.count(EventKind.COMMAND));
        ps.setInt(7, s.count(EventKind.DOWNLOAD));
        ps.setInt(8, s.usernames.size());
        ps.setInt(9, s.passwords.size());
        ps.setInt(10, s.commands.size());
        ps.setString(11, cut(String.join(",", s.techniques), 1000));
        ps.setString(12, cut(String.join(",", s.sensors), 1000));
        setLong(ps, 13, s.offenderUserId);
        ps.setString(14, json.writeValueAsString(s.snapshot()));
        return 15;
    }

    private void insertEvents(List<Sessionizer.Placed> events) {
        jdbc.batchUpdate("""
                INSERT INTO threat_events (id, project_id, session_id, at, source, kind, type, sensor, sensor_session, username,
                    password, command, url, sha256, detail, country, asn, as_org, network)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", events, events.size(), (ps, p) -> {
            ThreatEvent e = p.event();
            ps.setLong(1, p.id());
            ps.setLong(2, p.projectId());
            ps.setLong(3, p.sessionId());
            ps.setObject(4, Db.ts(e.at()));
            ps.setString(5, e.source());
            ps.setString(6, e.kind().wireName());
            ps.setString(7, e.type());
            ps.setString(8, e.sensor());
            ps.setString(9, e.sensorSession());
            ps.setString(10, e.username());
            ps.setString(11, e.password());
            ps.setString(12, e.command());
            ps.setString(13, e.url());
            ps.setString(14, e.sha256());
            ps.setString(15, e.detail());
            ps.setString(16, p.location().country());
            setLong(ps, 17, p.location().asn());
            ps.setString(18, cut(p.location().asOrg(), 200));
            ps.setString(19, p.location().network().wireName());
        });
    }

    private void insertAssignments(List<Sessionizer.Assignment> assignments) {
        jdbc.batchUpdate("""
                INSERT INTO threat_techniques (id, project_id, session_id, event_id, at, technique, rule, rules_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", assignments, assignments.size(), (ps, a) -> {
            ps.setLong(1, a.id());
            ps.setLong(2, a.projectId());
            ps.setLong(3, a.sessionId());
            ps.setLong(4, a.eventId());
            ps.setObject(5, Db.ts(a.at()));
            ps.setString(6, a.technique());
            ps.setString(7, a.rule());
            ps.setString(8, a.rulesVersion());
        });
    }

    /**
     * Adds the batch's events to their minutes, in one order on every node (two nodes adding to the same minutes
     * lock them in the same order, so they never deadlock).
     */
    private void countMinutes(Map<Sessionizer.Minute, Long> minutes) {
        List<Map.Entry<Sessionizer.Minute, Long>> rows = new ArrayList<>(minutes.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.comparingLong(Sessionizer.Minute::projectId).thenComparingLong(Sessionizer.Minute::minute)));
        jdbc.batchUpdate(countMinute, rows, rows.size(), (ps, row) -> {
            ps.setLong(1, row.getKey().projectId());
            ps.setLong(2, row.getKey().minute());
            ps.setLong(3, row.getValue());
        });
    }

    @Override
    public Map<String, SessionState> open(long projectId, Collection<String> sources, Instant since) {
        Map<String, SessionState> found = new HashMap<>();
        List<String> all = List.copyOf(sources);
        for (int from = 0; from < all.size(); from += CHUNK) {
            var params = new MapSqlParameterSource().addValue("project", projectId)
                    .addValue("sources", all.subList(from, Math.min(all.size(), from + CHUNK))).addValue("since", Db.ts(since));
            named.query("SELECT " + COLUMNS + " FROM threat_sessions WHERE source IN (:sources) AND project_id = :project"
                    + " AND last_seen >= :since ORDER BY last_seen", params, rs -> {
                SessionState session = restore(rs);
                found.put(session.source, session);
            });
        }
        return found;
    }

    @Override
    public @Nullable List<SessionState> openIn(Set<Integer> partitionNumbers, Instant since, int most) {
        List<SessionState> found = new ArrayList<>();
        var params = new MapSqlParameterSource().addValue("partitions", partitionNumbers).addValue("since", Db.ts(since))
                .addValue("rows", most + 1);
        int rows = named.query("SELECT " + COLUMNS + " FROM threat_sessions WHERE (partition_no IN (:partitions) OR partition_no IS NULL)"
                + " AND last_seen >= :since FETCH FIRST :rows ROWS ONLY", params, rs -> {
            int read = 0;
            while (rs.next()) {
                read++;
                SessionState session = restore(rs);
                if (partitionNumbers.contains(session.partition)) {
                    found.add(session);
                }
            }
            return read;
        });
        return rows > most ? null : found;
    }

    private SessionState restore(ResultSet rs) throws SQLException {
        long projectId = rs.getLong("project_id");
        String source = rs.getString("source");
        Location location = new Location(NetworkLabel.fromWire(rs.getString("network")), rs.getString("country"), nullableLong(rs, "asn"),
                rs.getString("as_org"));
        return SessionState.restore(rs.getLong("id"), partitions.partitionOf(projectId, source), projectId, source, location,
                rs.getBoolean("new_country"), Db.instant(rs, "first_seen"), Db.instant(rs, "last_seen"), rs.getInt("events"),
                nullableLong(rs, "offender_user_id"), json.readValue(rs.getString("state"), SessionState.Snapshot.class));
    }

    @Override
    public Set<String> countries(long projectId) {
        return new HashSet<>(jdbc.queryForList("SELECT DISTINCT country FROM threat_sessions WHERE project_id = ? AND country IS NOT NULL",
                String.class, projectId));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement ps, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static @Nullable String cut(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
