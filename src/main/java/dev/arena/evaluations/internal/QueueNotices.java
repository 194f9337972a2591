package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wake-ups across nodes on PostgreSQL: a submission sends {@code NOTIFY arena_evaluations} (delivered when
 * its transaction commits), and each node with workers keeps one connection that {@code LISTEN}s and wakes
 * its idle workers at once, reconnecting after {@code poll-interval} when the connection breaks (a
 * database restart). On any other database (H2: one node) nothing is sent or heard. Like {@link Signals},
 * it only shortens waits that the workers' poll ends anyway: a lost notice costs latency, never a job.
 */
class QueueNotices implements SmartLifecycle {

    static final String CHANNEL = "arena_evaluations";
    private static final Logger log = LoggerFactory.getLogger(QueueNotices.class);
    private static final int LISTEN_MILLIS = 500;

    private final DataSource dataSource;
    private final EvaluationSettings settings;
    private final boolean postgres;
    private final AtomicBoolean running = new AtomicBoolean();
    private IntConsumer wake = jobs -> {
    };
    private @Nullable Thread listener;

    QueueNotices(DataSource dataSource, EvaluationSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.postgres = isPostgres(dataSource);
    }

    /** Where notices go: {@code jobs} queued on some node (this one included). */
    void deliverTo(IntConsumer wake) {
        this.wake = wake;
    }

    /** Tells every node that {@code jobs} were queued; on PostgreSQL only, and never failing the submission. */
    void announce(int jobs) {
        if (!postgres) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             var notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, Integer.toString(jobs));
            notify.execute();
        } catch (SQLException e) {
            log.debug("could not announce {} queued evaluations; other nodes find them by polling", jobs, e);
        }
    }

    @Override
    public void start() {
        if (postgres && settings.workers() > 0 && running.compareAndSet(false, true)) {
            listener = Thread.ofVirtual().name("evaluations-queue-notices").start(this::listen);
        }
    }

    @Override
    public void stop() {
        Thread listening = listener;
        if (running.compareAndSet(true, false) && listening != null) {
            listening.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    private void listen() {
        while (running.get()) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection notices = connection.unwrap(PGConnection.class);
                while (running.get()) {
                    deliver(notices.getNotifications(LISTEN_MILLIS));
                }
            } catch (SQLException e) {
                if (!running.get()) {
                    return;
                }
                log.info("listening for queued evaluations failed; listening again in {}: {}", settings.pollInterval(), e.getMessage());
                try {
                    Thread.sleep(settings.pollInterval().toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private void deliver(PGNotification[] notifications) {
        int jobs = 0;
        for (PGNotification notification : notifications) {
            try {
                jobs += Integer.parseInt(notification.getParameter());
            } catch (NumberFormatException e) {
                jobs += 1;
            }
        }
        if (jobs > 0) {
            wake.accept(jobs);
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the evaluation queue", e);
        }
    }
}
