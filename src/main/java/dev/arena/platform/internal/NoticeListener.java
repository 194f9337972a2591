package dev.arena.platform.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Hears the {@link NodeNotices} of every node on PostgreSQL: one virtual thread keeps a connection of its own
 * that {@code LISTEN}s on every subscribed channel and hands every notice to its subscriber. The connection
 * is outside the pool, so that a broken one is never handed to a request ({@code arena-notice-listener} in
 * {@code pg_stat_activity}). Each time it (re)connects, once it listens, it tells every subscriber so:
 * notices sent while no connection listened are lost, and a change they announced could otherwise be
 * served stale forever (or a queued job wait for a poll). A connection that breaks is noticed at once (a
 * restart or {@code pg_terminate_backend} ends it with an error) or, one that silently stops answering, within
 * {@link #CHECK_AFTER} plus {@link #CHECK_SECONDS}; it is replaced after {@code retry}, as after any other
 * failure of the listening loop.
 */
final class NoticeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeListener.class);
    private static final int LISTEN_MILLIS = 500;
    private static final Duration CHECK_AFTER = Duration.ofSeconds(10);
    private static final int CHECK_SECONDS = 5;
    private static final String APPLICATION_NAME = "arena-notice-listener";

    private final DataSource database;
    private final NodeNotices notices;
    private final Duration retry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile int backend = -1;
    private @Nullable Thread listener;

    /** Listens, when notices reach across nodes, on connections to the database {@code database} pools. */
    NoticeListener(DataSource database, NodeNotices notices, Duration retry) {
        this.database = database;
        this.notices = notices;
        this.retry = retry;
    }

    @Override
    public void start() {
        if (notices.acrossNodes() && running.compareAndSet(false, true)) {
            DataSource ownConnections = ownConnections();
            Set<String> channels = notices.channels();
            listener = Thread.ofVirtual().name("notice-listener").start(() -> listen(ownConnections, channels));
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

    /** The server process of the listening connection, or -1 while none listens. */
    int backend() {
        return backend;
    }

    private void listen(DataSource ownConnections, Set<String> channels) {
        while (running.get()) {
            try (Connection connection = ownConnections.getConnection(); Statement statement = connection.createStatement()) {
                for (String channel : channels) {
                    statement.execute("LISTEN " + channel);
                }
                backend = backendOf(statement);
                notices.listening();
                log.info("listening for notices on {} on server process {}", channels, backend);
                hear(connection);
            } catch (SQLException | RuntimeException e) {
                backend = -1;
                if (!running.get()) {
                    return;
                }
                log.warn("listening for notices failed; listening again in {} (shared caches are forgotten then): {}",
                        retry, e.getMessage());
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private void hear(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running.get()) {
            PGNotification[] arrived = postgres.getNotifications(LISTEN_MILLIS);
            for (PGNotification notice : arrived) {
                notices.heard(notice.getName(), notice.getParameter());
            }
            if (arrived.length > 0) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > CHECK_AFTER.toNanos()) {
                if (!connection.isValid(CHECK_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Unpooled connections with the pool's URL and credentials. */
    private DataSource ownConnections() {
        var unpooled = DataSourceBuilder.derivedFrom(database).type(SimpleDriverDataSource.class).build();
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        unpooled.setConnectionProperties(properties);
        return unpooled;
    }

    private static int backendOf(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
