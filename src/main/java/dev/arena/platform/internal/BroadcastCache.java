package dev.arena.platform.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.arena.platform.SharedCache;
import java.util.function.Function;

/** A {@link SharedCache}: a Caffeine cache on this node whose invalidations go through {@link CacheBroadcast}. */
final class BroadcastCache<K, V> implements SharedCache<K, V> {

    private final String name;
    private final Cache<K, V> local;
    private final Function<String, K> keyOf;
    private final CacheBroadcast broadcast;

    BroadcastCache(String name, Cache<K, V> local, Function<String, K> keyOf, CacheBroadcast broadcast) {
        this.name = name;
        this.local = local;
        this.keyOf = keyOf;
        this.broadcast = broadcast;
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> load) {
        return local.get(key, load);
    }

    @Override
    public void invalidate(K key) {
        local.invalidate(key);
        broadcast.changed(name, key.toString());
    }

    @Override
    public void invalidateAll() {
        local.invalidateAll();
        broadcast.changedAll(name);
    }

    /** Forgets the key whose text is {@code key} on this node only. */
    void forget(String key) {
        local.invalidate(keyOf.apply(key));
    }

    /** Forgets every entry on this node only. */
    void forgetAll() {
        local.invalidateAll();
    }
}
