package dev.arena.platform.internal;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether this node is ready for traffic: start-up (migrations included) has finished, and the database
 * answered a check within the last {@link #ANSWERED_WITHIN}. The check runs every second in the background,
 * on a connection of its own, and a probe only reads its latest result, so a probe answers at once however
 * often it comes.
 *
 * <p>Why not ask the database per probe: during the identity bench's spike a probe that took a pooled
 * connection waited for the pool's timeout while every pooled connection was taken, and an orchestrator that
 * sees a timeout takes a node out of its load balancer for being busy, which only moves the burst to the
 * other nodes. One slow check changes nothing; a database that stops answering for {@link #ANSWERED_WITHIN}
 * makes the node not ready.
 */
@Component
class Readiness {

    /** How recent the latest answered check must be for the node to be ready. */
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);

    private final ApplicationAvailability availability;
    private final DataSource unpooled;
    private final LongSupplier nanoTime;
    private @Nullable Connection connection;
    private volatile boolean checked;
    private volatile long answeredAt;

    @Autowired
    Readiness(ApplicationAvailability availability, DataSource dataSource) {
        this(availability, dataSource, System::nanoTime);
    }

    Readiness(ApplicationAvailability availability, DataSource dataSource, LongSupplier nanoTime) {
        this.availability = availability;
        this.unpooled = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
        this.nanoTime = nanoTime;
    }

    /** Why this node is not ready, or null when it is. */
    @Nullable String notReadyBecause() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return "Arena is still starting.";
        }
        if (!checked) {
            check(); // the first probe may come before the first check
        }
        return nanoTime.getAsLong() - answeredAt <= ANSWERED_WITHIN.toNanos()
                ? null : "The database has not answered for " + ANSWERED_WITHIN.toSeconds() + " s.";
    }

    /** Asks the database whether it answers, within a second; a broken connection is replaced next time. */
    @Scheduled(fixedDelay = 1000)
    synchronized void check() {
        checked = true;
        try {
            if (connection == null) {
                connection = unpooled.getConnection();
            }
            if (connection.isValid(1)) {
                answeredAt = nanoTime.getAsLong();
                return;
            }
        } catch (SQLException e) {
            // the database cannot be reached
        }
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }
}
