package dev.arena.platform.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link SharedCaches} of this node: knows its caches by name, announces their invalidations to other
 * nodes with {@code pg_notify} on {@link #CHANNEL} (inside the changing transaction, batched per cache,
 * through {@link PendingNotices}; at once outside one), and applies the notices {@link CacheListener} hears.
 * On a database other than PostgreSQL nothing is announced: there is one node.
 */
final class CacheBroadcast implements SharedCaches {

    static final String CHANNEL = "arena_caches";
    private static final Logger log = LoggerFactory.getLogger(CacheBroadcast.class);

    private final JdbcClient jdbc;
    private final boolean acrossNodes;
    private final Map<String, BroadcastCache<?, ?>> caches = new ConcurrentHashMap<>();

    private CacheBroadcast(JdbcClient jdbc, boolean acrossNodes) {
        this.jdbc = jdbc;
        this.acrossNodes = acrossNodes;
    }

    /** The broadcast of the node whose database is {@code dataSource}: across nodes when it is PostgreSQL. */
    static CacheBroadcast on(DataSource dataSource) {
        return new CacheBroadcast(JdbcClient.create(dataSource), isPostgres(dataSource));
    }

    @Override
    public <K, V> SharedCache<K, V> create(String name, Caffeine<Object, Object> builder, Function<String, K> keyOf) {
        CacheNotices.requireName(name);
        var cache = new BroadcastCache<K, V>(name, builder.build(), keyOf, this);
        if (caches.putIfAbsent(name, cache) != null) {
            throw new IllegalArgumentException("there is a shared cache named " + name + " already");
        }
        return cache;
    }

    /** Whether other nodes share the database, so that invalidations must reach them. */
    boolean acrossNodes() {
        return acrossNodes;
    }

    /** A key of {@code cache} changed: other nodes hear of it when the current transaction commits, or at once outside one. */
    void changed(String cache, String key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingNotices().add(cache, key);
        } else {
            announce(cache, List.of(key));
        }
    }

    /** Tells other nodes to forget {@code keys} of {@code cache}; inside a transaction, when it commits. */
    void announce(String cache, Collection<String> keys) {
        if (!acrossNodes) {
            return;
        }
        for (String payload : CacheNotices.encode(cache, keys)) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, payload).query().listOfRows();
        }
    }

    /** Forgets {@code keys} of {@code cache} on this node. */
    void forgetHere(String cache, Collection<String> keys) {
        BroadcastCache<?, ?> local = caches.get(cache);
        if (local != null) {
            keys.forEach(local::forget);
        }
    }

    /** Applies a notice another node (or this one) sent; one that makes no sense forgets everything, to be safe. */
    void receive(String payload) {
        try {
            switch (CacheNotices.decode(payload)) {
                case CacheNotices.Notice.Keys(String cache, List<String> keys) -> forgetHere(cache, keys);
                case CacheNotices.Notice.Everything(String cache) -> forgetAllOf(cache);
            }
        } catch (RuntimeException malformed) {
            log.warn("a cache notice could not be applied ({}); forgetting every shared cache's entries", malformed.getMessage());
            forgetEverything();
        }
    }

    /** Forgets every entry of every shared cache on this node, as when notices may have been missed. */
    void forgetEverything() {
        caches.values().forEach(BroadcastCache::forgetAll);
    }

    private void forgetAllOf(String cache) {
        BroadcastCache<?, ?> local = caches.get(cache);
        if (local != null) {
            local.forgetAll();
        }
    }

    private PendingNotices pendingNotices() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingNotices pending && pending.of(this)) {
                return pending;
            }
        }
        var pending = new PendingNotices(this);
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database Arena runs on", e);
        }
    }
}
