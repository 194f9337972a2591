package dev.arena.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.GenericApplicationContext;

class HealthControllerUnitTests {

    @TempDir
    Path dir;

    @Test
    void readyWhileTheDatabaseAnsweredRecentlyAndNotReadyOnceItStoppedAnswering() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        DriverManager.getConnection(url).close();
        var database = new HikariDataSource();
        database.setJdbcUrl(url + ";IFEXISTS=TRUE");
        var now = new AtomicLong();
        var health = new HealthController(accepting(), database, now::get);
        assertThat(health.ready().getStatusCode().value()).isEqualTo(200);

        database.close();
        Connection last = DriverManager.getConnection(url);
        try {
            last.createStatement().execute("SHUTDOWN");
        } catch (SQLException e) {
            // it may report its own closing
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        now.addAndGet(HealthController.ANSWERED_WITHIN.toNanos() / 2);
        health.check();
        assertThat(health.ready().getStatusCode().value()).as("one failed check changes nothing").isEqualTo(200);
        now.addAndGet(HealthController.ANSWERED_WITHIN.toNanos());
        health.check();
        assertThat(health.ready().getStatusCode().value()).isEqualTo(503);
        health.close();
    }

    private static ApplicationAvailability accepting() {
        var availability = new ApplicationAvailabilityBean();
        try (var context = new GenericApplicationContext()) {
            context.refresh();
            availability.onApplicationEvent(new AvailabilityChangeEvent<>(context, ReadinessState.ACCEPTING_TRAFFIC));
        }
        return availability;
    }
}
