package dev.arena.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.arena.platform.Notices;
import dev.arena.platform.SharedCaches;
import dev.arena.platform.internal.NodeCaches;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A second Arena node on this run's PostgreSQL schema, for tests that play two nodes on one database: a
 * connection pool of its own and shared caches that listen as a node's do (reconnecting 100 ms after their
 * connection broke). A test builds the parts it compares from {@link #jdbc()} and {@link #caches()}; the
 * first node is the test's application context.
 */
public final class SecondNode implements AutoCloseable {

    /** How soon a change committed on one node must be in the other's cached answers. */
    public static final Duration AT_ONCE = Duration.ofSeconds(1);

    private final HikariDataSource database;
    private final NodeCaches caches;

    private SecondNode(HikariDataSource database, NodeCaches caches) {
        this.database = database;
        this.caches = caches;
    }

    /** A second node, once it listens. */
    public static SecondNode start() {
        return start((database, notices) -> {
        });
    }

    /**
     * A second node, once it listens, with parts of its own that subscribe to its notices first: they are
     * made from its connection pool and its notices while it starts.
     */
    public static SecondNode start(BiConsumer<DataSource, Notices> parts) {
        var database = new HikariDataSource();
        database.setJdbcUrl(Postgres.schemaUrl());
        database.setUsername(Postgres.USER);
        database.setPassword("");
        database.setMaximumPoolSize(3);
        var node = new SecondNode(database, NodeCaches.start(database, Duration.ofMillis(100), notices -> parts.accept(database, notices)));
        seenWithin(Duration.ofSeconds(10), node::listenerBackend, backend -> backend > 0);
        return node;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(database);
    }

    public Notices notices() {
        return caches.notices();
    }

    public SharedCaches caches() {
        return caches.caches();
    }

    /** Transactions on this node's connections. */
    public TransactionTemplate tx() {
        return new TransactionTemplate(new DataSourceTransactionManager(database));
    }

    /** The server process of the node's listening connection, or -1 while none listens. */
    public int listenerBackend() {
        return caches.listenerBackend();
    }

    @Override
    public void close() {
        caches.close();
        database.close();
    }

    /** Asks until the answer is the expected one, failing after {@code limit}. */
    public static <T> void seenWithin(Duration limit, Supplier<T> ask, Predicate<T> expected) {
        long deadline = System.nanoTime() + limit.toNanos();
        T answer = ask.get();
        while (!expected.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + answer + " after " + limit);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            answer = ask.get();
        }
    }
}
