package dev.arena.threats.decide;

import dev.arena.platform.Db;
import dev.arena.threats.score.Score;
import dev.arena.threats.session.SessionUpdate;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latest score of each session, with its drivers, in {@code threat_sessions}: one JDBC batch per pipeline
 * batch, written by the pipeline's store thread once it stored the batch's sessions. A model still warming up leaves the score NULL (so {@code minScore} filters skip it) and the drivers
 * an empty list.
 */
@Repository
class SessionScores {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    SessionScores(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private record Row(long sessionId, Score score) {
    }

    /** Stores {@code scores.get(i)} as the score of {@code updates.get(i)}'s session. */
    void save(List<SessionUpdate> updates, List<Score> scores) {
        List<Row> rows = new java.util.ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            rows.add(new Row(updates.get(i).sessionId(), scores.get(i)));
        }
        var now = Db.ts(clock.instant());
        jdbc.batchUpdate("UPDATE threat_sessions SET score = ?, score_drivers = ?, scored_at = ? WHERE id = ?", rows, rows.size(),
                (ps, row) -> {
                    if (row.score().warmedUp()) {
                        ps.setDouble(1, row.score().value());
                    } else {
                        ps.setNull(1, Types.DOUBLE);
                    }
                    ps.setString(2, drivers(row.score()));
                    ps.setObject(3, now);
                    ps.setLong(4, row.sessionId());
                });
    }

    /** The drivers as JSON, weights to four decimals (eight features fit the column with room to spare). */
    private String drivers(Score score) {
        return json.writeValueAsString(score.drivers().stream()
                .map(d -> new Score.Attribution(d.feature(), Math.round(d.weight() * 10_000) / 10_000.0)).toList());
    }
}
