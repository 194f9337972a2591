package dev.arena.platform.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Notices;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link SharedCaches} of this node: knows its caches by name, announces their invalidations to every
 * node as {@link Notices} on {@link #CHANNEL} (inside the changing transaction, batched per cache, through
 * {@link PendingNotices}; at once outside one), and applies the notices it hears. Once the node listens
 * (again), it forgets everything, since notices may have passed while it did not.
 */
final class CacheBroadcast implements SharedCaches, Notices.Subscriber {

    static final String CHANNEL = "arena_caches";
    private static final Logger log = LoggerFactory.getLogger(CacheBroadcast.class);

    private final Notices notices;
    private final Map<String, BroadcastCache<?, ?>> caches = new ConcurrentHashMap<>();

    private CacheBroadcast(Notices notices) {
        this.notices = notices;
    }

    /** The broadcast of the node whose notices are {@code notices}, subscribed to its channel. */
    static CacheBroadcast on(Notices notices) {
        var broadcast = new CacheBroadcast(notices);
        notices.subscribe(CHANNEL, broadcast);
        return broadcast;
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

    /** A key of {@code cache} changed: other nodes hear of it when the current transaction commits, or at once outside one. */
    void changed(String cache, String key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingNotices().add(cache, key);
        } else {
            announce(cache, List.of(key));
        }
    }

    /** Every entry of {@code cache} may have changed: other nodes hear of it when the current transaction commits, or at once outside one. */
    void changedAll(String cache) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingNotices().addAll(cache);
        } else {
            announceAll(cache);
        }
    }

    /** Tells other nodes to forget {@code keys} of {@code cache}; inside a transaction, when it commits. */
    void announce(String cache, Collection<String> keys) {
        CacheNotices.encode(cache, keys).forEach(payload -> notices.send(CHANNEL, payload));
    }

    /** Tells other nodes to forget every entry of {@code cache}; inside a transaction, when it commits. */
    void announceAll(String cache) {
        notices.send(CHANNEL, CacheNotices.everything(cache));
    }

    /** Forgets {@code keys} of {@code cache} on this node. */
    void forgetHere(String cache, Collection<String> keys) {
        BroadcastCache<?, ?> local = caches.get(cache);
        if (local != null) {
            keys.forEach(local::forget);
        }
    }

    /** Applies a notice another node (or this one) sent; one that makes no sense forgets everything, to be safe. */
    @Override
    public void heard(String payload) {
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

    /** Notices may have been missed: forgets every entry of every shared cache on this node. */
    @Override
    public void listening() {
        forgetEverything();
    }

    private void forgetEverything() {
        caches.values().forEach(BroadcastCache::forgetAll);
    }

    /** Forgets every entry of {@code cache} on this node. */
    void forgetAllOf(String cache) {
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
}
