package dev.arena.platform;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/**
 * Makes {@link SharedCache}s. On PostgreSQL their invalidations travel as {@code NOTIFY arena_caches}, sent
 * in the changing transaction (so delivered when it commits, and never when it rolls back), and every node
 * listens on a connection of its own; after that connection broke and came back, a node forgets everything
 * its shared caches hold, since notices may have passed meanwhile. On any other database (H2: one node)
 * invalidations stay on this node.
 */
public interface SharedCaches {

    /**
     * A new shared cache.
     *
     * @param name    its name on every node ({@code [a-z][a-z0-9.-]*}, up to 60 characters), unique in the
     *                application; nodes forget entries of the cache of that name
     * @param builder the local cache's bounds and expiry
     * @param keyOf   the key whose {@code toString()} is the given text
     * @throws IllegalArgumentException when the name is malformed or taken
     */
    <K, V> SharedCache<K, V> create(String name, Caffeine<Object, Object> builder, Function<String, K> keyOf);
}
