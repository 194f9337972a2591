package dev.arena.platform.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The keys a transaction invalidated, one set per cache: announced to other nodes in one notice per cache
 * just before the transaction commits (in it, so PostgreSQL delivers them only if it commits), and
 * forgotten on this node once more after it ended, however it ended.
 */
final class PendingNotices implements TransactionSynchronization {

    private final CacheBroadcast broadcast;
    private final Map<String, Set<String>> keys = new LinkedHashMap<>();
    private boolean announced;

    PendingNotices(CacheBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    boolean of(CacheBroadcast owner) {
        return broadcast == owner;
    }

    /** @throws IllegalStateException once the transaction began to commit: the key could no longer be announced in it */
    void add(String cache, String key) {
        if (announced) {
            throw new IllegalStateException("cache " + cache + " invalidated after its transaction began to commit; "
                    + "invalidate inside the transaction or outside any");
        }
        keys.computeIfAbsent(cache, ignored -> new LinkedHashSet<>()).add(key);
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        announced = true;
        keys.forEach(broadcast::announce);
    }

    @Override
    public void afterCompletion(int status) {
        keys.forEach(broadcast::forgetHere);
    }
}
