package dev.arena.threats.respond;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The active blocks of every project, in memory, for the request filter: a lookup is one hash probe for
 * single addresses plus a scan of the (few) ranges, and nothing at all while no block exists. Reads never
 * lock; writes (rare: a block made or lifted, a periodic reload) build a new snapshot.
 *
 * <p>A block applies to the whole API, whichever project made it: it is a decision about an address. Expiry
 * is checked at lookup, so a block ends on time even between reloads. The allow-list wins over any block.
 */
final class BlockList {

    /** A block as the filter needs it. */
    record Entry(long id, Cidr cidr, Instant expiresAt) {
    }

    private record Snapshot(Map<InetAddress, Instant> hosts, List<Entry> ranges) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());

        static Snapshot of(Collection<Entry> entries) {
            Map<InetAddress, Instant> hosts = new HashMap<>();
            List<Entry> ranges = new ArrayList<>();
            for (Entry e : entries) {
                if (e.cidr().isHost()) {
                    hosts.merge(e.cidr().first(), e.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
                } else {
                    ranges.add(e);
                }
            }
            return entries.isEmpty() ? EMPTY : new Snapshot(Map.copyOf(hosts), List.copyOf(ranges));
        }

        boolean isEmpty() {
            return hosts.isEmpty() && ranges.isEmpty();
        }
    }

    private final List<Cidr> allowList;
    private final Map<Long, Entry> byId = new HashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** Raised by every local change, so that a reload read before it does not undo it. */
    private long version;

    BlockList(List<Cidr> allowList) {
        this.allowList = List.copyOf(allowList);
    }

    /** Whether a request from {@code address} (as {@code ClientAddress} gives it) is refused at {@code now}. */
    boolean blocks(String address, Instant now) {
        Snapshot s = snapshot;
        if (s.isEmpty()) {
            return false;
        }
        InetAddress ip = Cidr.address(address);
        if (ip == null) {
            return false;
        }
        Instant until = s.hosts().get(ip);
        boolean blocked = until != null && until.isAfter(now);
        for (int i = 0; !blocked && i < s.ranges().size(); i++) {
            Entry e = s.ranges().get(i);
            blocked = e.expiresAt().isAfter(now) && e.cidr().contains(ip);
        }
        return blocked && !isAllowListed(ip);
    }

    /** Whether no block exists at all: the filter's fast path. */
    boolean isEmpty() {
        return snapshot.isEmpty();
    }

    boolean isAllowListed(InetAddress ip) {
        for (Cidr allowed : allowList) {
            if (allowed.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any allow-listed address lies in {@code range}. */
    boolean touchesAllowList(Cidr range) {
        return allowList.stream().anyMatch(range::overlaps);
    }

    synchronized void add(Entry entry) {
        byId.put(entry.id(), entry);
        changed();
    }

    synchronized void remove(long id) {
        if (byId.remove(id) != null) {
            changed();
        }
    }

    /** The version to pass to {@link #replace} with what the database holds now. */
    synchronized long version() {
        return version;
    }

    /**
     * Replaces everything with the active blocks read from the database, unless a local change happened since
     * {@code readAt} (the read may predate it; the next reload catches up).
     */
    synchronized boolean replace(List<Entry> active, long readAt) {
        if (readAt != version) {
            return false;
        }
        byId.clear();
        active.forEach(e -> byId.put(e.id(), e));
        snapshot = Snapshot.of(byId.values());
        return true;
    }

    private void changed() {
        version++;
        snapshot = Snapshot.of(byId.values());
    }
}
