package dev.arena.threats.respond;

import dev.arena.threats.ingest.Inbox;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The active blocks of every project, in memory, for the request filter: a lookup is one hash probe for single
 * addresses plus a scan of the (few) ranges, and nothing at all while no block exists; the route's project is
 * asked for only when a project's block covers the address. Reads never lock; writes (rare: a block made or
 * lifted, a periodic reload) build a new snapshot.
 *
 * <p>A project's block holds on the routes of that project only, so no tenant can lock another out of Arena
 * (anyone may make a project and block any range in it). A block of Arena's own scope
 * ({@value Inbox#ARENA_SCOPE}, its operators' and its own policies' decisions) holds on every route. Expiry is
 * checked at lookup, so a block ends on time even between reloads. The allow-list wins over any block.
 */
final class BlockList {

    /** A block as the filter needs it: the project whose routes it holds on, {@link Inbox#ARENA_SCOPE} for all. */
    record Entry(long id, long projectId, Cidr cidr, Instant expiresAt) {
    }

    /** The blocks of single addresses by address, and those of ranges. */
    private record Snapshot(Map<InetAddress, List<Entry>> hosts, List<Entry> ranges) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());

        static Snapshot of(Collection<Entry> entries) {
            Map<InetAddress, List<Entry>> hosts = new HashMap<>();
            List<Entry> ranges = new ArrayList<>();
            for (Entry e : entries) {
                if (e.cidr().isHost()) {
                    hosts.computeIfAbsent(e.cidr().first(), a -> new ArrayList<>()).add(e);
                } else {
                    ranges.add(e);
                }
            }
            Map<InetAddress, List<Entry>> frozen = new HashMap<>();
            hosts.forEach((address, blocks) -> frozen.put(address, List.copyOf(blocks)));
            return entries.isEmpty() ? EMPTY : new Snapshot(Map.copyOf(frozen), List.copyOf(ranges));
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

    /**
     * Whether a request from {@code address} (as {@code ClientAddress} gives it) to a route of the project that
     * {@code routeProject} reads ({@link Inbox#ARENA_SCOPE} for a route of no project) is refused at {@code now}.
     */
    boolean blocks(String address, LongSupplier routeProject, Instant now) {
        Snapshot s = snapshot;
        if (s.isEmpty()) {
            return false;
        }
        InetAddress ip = Cidr.address(address);
        if (ip == null) {
            return false;
        }
        List<Entry> hosts = s.hosts().getOrDefault(ip, List.of());
        long project = -1;
        for (int i = 0, n = hosts.size() + s.ranges().size(); i < n; i++) {
            Entry e = i < hosts.size() ? hosts.get(i) : s.ranges().get(i - hosts.size());
            if (!e.expiresAt().isAfter(now) || !e.cidr().contains(ip)) {
                continue;
            }
            if (e.projectId() != Inbox.ARENA_SCOPE) {
                project = project < 0 ? routeProject.getAsLong() : project;
                if (e.projectId() != project) {
                    continue;
                }
            }
            return !isAllowListed(ip);
        }
        return false;
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
