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

class ReadinessUnitTests {

    @TempDir
    Path dir;

    @Test
    void readyWhileTheDatabaseAnsweredRecentlyAndNotReadyOnceItStoppedAnswering() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        DriverManager.getConnection(url).close();
        var database = new HikariDataSource();
        database.setJdbcUrl(url + ";IFEXISTS=TRUE");
        var now = new AtomicLong();
        var readiness = new Readiness(accepting(), database, now::get);
        assertThat(readiness.notReadyBecause()).isNull();

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
        now.addAndGet(Readiness.ANSWERED_WITHIN.toNanos() / 2);
        readiness.check();
        assertThat(readiness.notReadyBecause()).as("one failed check changes nothing").isNull();
        now.addAndGet(Readiness.ANSWERED_WITHIN.toNanos());
        readiness.check();
        assertThat(readiness.notReadyBecause()).isEqualTo("The database has not answered for 5 s.");
        readiness.close();
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
