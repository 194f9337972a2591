package dev.arena.platform.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
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
 * Hears other nodes' cache notices on PostgreSQL: one virtual thread keeps a connection of its own that
 * {@code LISTEN}s on {@link CacheBroadcast#CHANNEL} and hands every notice to the broadcast. The connection
 * is outside the pool, so that a broken one is never handed to a request ({@code arena-cache-listener} in
 * {@code pg_stat_activity}). Each time it (re)connects, once it listens, it makes the broadcast forget
 * everything: notices sent while no connection listened are lost, and a change they announced could
 * otherwise be served stale forever. A connection that breaks is noticed at once (a restart or
 * {@code pg_terminate_backend} ends it with an error) or, one that silently stops answering, within
 * {@link #CHECK_AFTER} plus {@link #CHECK_SECONDS}; it is replaced after {@code retry}, as after any other
 * failure of the listening loop.
 */
final class CacheListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CacheListener.class);
    private static final int LISTEN_MILLIS = 500;
    private static final Duration CHECK_AFTER = Duration.ofSeconds(10);
    private static final int CHECK_SECONDS = 5;
    private static final String APPLICATION_NAME = "arena-cache-listener";

    private final DataSource database;
    private final CacheBroadcast broadcast;
    private final Duration retry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile int backend = -1;
    private @Nullable Thread listener;

    /** Listens, when the broadcast reaches across nodes, on connections to the database {@code database} pools. */
    CacheListener(DataSource database, CacheBroadcast broadcast, Duration retry) {
        this.database = database;
        this.broadcast = broadcast;
        this.retry = retry;
    }

    @Override
    public void start() {
        if (broadcast.acrossNodes() && running.compareAndSet(false, true)) {
            DataSource ownConnections = ownConnections();
            listener = Thread.ofVirtual().name("cache-notices").start(() -> listen(ownConnections));
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

    private void listen(DataSource ownConnections) {
        while (running.get()) {
            try (Connection connection = ownConnections.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CacheBroadcast.CHANNEL);
                backend = backendOf(statement);
                broadcast.forgetEverything();
                log.info("listening for cache notices on server process {}", backend);
                hear(connection);
            } catch (SQLException | RuntimeException e) {
                backend = -1;
                if (!running.get()) {
                    return;
                }
                log.warn("listening for cache notices failed; shared caches are forgotten once listening again in {}: {}",
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
        PGConnection notices = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running.get()) {
            PGNotification[] arrived = notices.getNotifications(LISTEN_MILLIS);
            for (PGNotification notice : arrived) {
                broadcast.receive(notice.getParameter());
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
