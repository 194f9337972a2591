package dev.arena.platform.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The keys a transaction invalidated, one set per cache, and the caches it invalidated whole: announced to
 * other nodes in one notice per cache just before the transaction commits (in it, so PostgreSQL delivers
 * them only if it commits), and forgotten on this node once more as soon as it committed, or after it
 * rolled back: a read in between, by this transaction or another, cannot keep a value the commit or the
 * rollback made wrong. First among a transaction's synchronizations, so that after-commit work (transactional
 * event listeners) reads what the transaction committed.
 */
final class PendingNotices implements TransactionSynchronization {

    private final CacheBroadcast broadcast;
    private final Map<String, Set<String>> keys = new LinkedHashMap<>();
    private final Set<String> whole = new LinkedHashSet<>();
    private boolean announced;

    PendingNotices(CacheBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    boolean of(CacheBroadcast owner) {
        return broadcast == owner;
    }

    /** @throws IllegalStateException once the transaction began to commit: the key could no longer be announced in it */
    void add(String cache, String key) {
        requireOpen(cache);
        if (!whole.contains(cache)) {
            keys.computeIfAbsent(cache, ignored -> new LinkedHashSet<>()).add(key);
        }
    }

    /** @throws IllegalStateException once the transaction began to commit */
    void addAll(String cache) {
        requireOpen(cache);
        keys.remove(cache);
        whole.add(cache);
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        announced = true;
        keys.forEach(broadcast::announce);
        whole.forEach(broadcast::announceAll);
    }

    @Override
    public void afterCommit() {
        forgetHere();
    }

    @Override
    public void afterCompletion(int status) {
        if (status != STATUS_COMMITTED) {
            forgetHere();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private void forgetHere() {
        keys.forEach(broadcast::forgetHere);
        whole.forEach(broadcast::forgetAllOf);
    }

    private void requireOpen(String cache) {
        if (announced) {
            throw new IllegalStateException("cache " + cache + " invalidated after its transaction began to commit; "
                    + "invalidate inside the transaction or outside any");
        }
    }
}
