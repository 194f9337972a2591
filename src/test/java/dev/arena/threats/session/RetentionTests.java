package dev.arena.threats.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.ArenaTest;
import dev.arena.threats.Threats;
import dev.arena.threats.Threats.Project;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention deletes by whole days what is older than the cut-off, and leaves younger data alone. */
@ArenaTest
class RetentionTests {

    @LocalServerPort
    int port;

    @Autowired
    Retention retention;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eventsTechniquesAndSessionsOlderThanTheCutoffAreDeleted() {
        Project project = Project.create(port, "retention");
        var sensor = project.token(port, "writer");
        Instant old = Instant.now().minus(100, ChronoUnit.DAYS);
        Instant recent = Instant.now().minus(1, ChronoUnit.DAYS);
        String body = event(old, "192.0.2.31") + "\n" + event(recent, "192.0.2.32");
        assertThat(Threats.ingest(sensor, project, body, Threats.NDJSON).status()).isEqualTo(202);
        Threats.sessions(project.token(port, "reader"), project, "", 2);

        retention.prune(Instant.now().minus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS));

        long projectId = Long.parseLong(project.id());
        assertThat(jdbc.sql("SELECT source FROM threat_events WHERE project_id = ?").param(projectId).query(String.class).list())
                .containsExactly("192.0.2.32");
        assertThat(jdbc.sql("SELECT source FROM threat_sessions WHERE project_id = ?").param(projectId).query(String.class).list())
                .containsExactly("192.0.2.32");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_techniques WHERE project_id = ?").param(projectId).query(Long.class).single())
                .as("the recent nmap's T1046 and T1059.004 stay").isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM threat_minutes WHERE project_id = ?").param(projectId).query(Long.class).single())
                .isEqualTo(1);
    }

    private static String event(Instant at, String source) {
        return "{\"kind\":\"command\",\"at\":\"" + at + "\",\"source\":\"" + source + "\",\"command\":\"nmap -p22 10.0.0.0/8\"}";
    }
}
