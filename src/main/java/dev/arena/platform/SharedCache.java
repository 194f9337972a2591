package dev.arena.platform;

import java.util.function.Function;

/**
 * A cache each node keeps in its own memory, whose invalidations reach every node: a change made on one node
 * is never served stale by another once it committed. Values are never shared, only the news that one is
 * out of date. Made by {@link SharedCaches}.
 *
 * @param <K> the key; it travels to other nodes as its {@code toString()}
 * @param <V> the cached value
 */
public interface SharedCache<K, V> {

    /** The value of {@code key}, loaded (and kept) when this node holds none. */
    V get(K key, Function<? super K, ? extends V> load);

    /**
     * Forgets {@code key} on this node at once and again when the current transaction commits (before
     * after-commit work runs) or rolls back, so that a read between the change and its end cannot keep a
     * wrong value; and on every other node when the transaction commits; outside a transaction, on every
     * node at once. Call it in the transaction that makes the change.
     */
    void invalidate(K key);

    /**
     * Forgets every entry, when and where {@link #invalidate} forgets one: for a change whose keys cannot
     * be named (or are too many to name).
     */
    void invalidateAll();
}
