package dev.arena.threats.respond;

import dev.arena.threats.ingest.Inbox;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The active blocks of every project, in memory, for the request filter: a lookup is at most two hash probes
 * for single addresses plus a scan of the (few) ranges, and nothing at all while no block exists. Reads never
 * lock; writes (rare: a block made or lifted, a periodic reload) build a new snapshot.
 *
 * <p>A project's block holds on the routes of that project only, so no tenant can lock another out of Arena
 * (anyone may make a project and block any range in it). A block of Arena's own scope
 * ({@value Inbox#ARENA_SCOPE}, its operators' and its own policies' decisions) holds on every route. Expiry is
 * checked at lookup, so a block ends on time even between reloads. The allow-list wins over any block.
 */
final class BlockList {

    /** A block as the filter needs it: the project whose routes it holds on, {@link Inbox#ARENA_SCOPE} for all. */
    record Entry(long id, long projectId, Cidr cidr, Instant expiresAt) {

        boolean holdsOn(long routeProject) {
            return projectId == Inbox.ARENA_SCOPE || projectId == routeProject;
        }
    }

    /** A blocked single address of one project (or of Arena's scope). */
    private record Host(long projectId, InetAddress address) {
    }

    private record Snapshot(Map<Host, Instant> hosts, List<Entry> ranges) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());

        static Snapshot of(Collection<Entry> entries) {
            Map<Host, Instant> hosts = new HashMap<>();
            List<Entry> ranges = new ArrayList<>();
            for (Entry e : entries) {
                if (e.cidr().isHost()) {
                    hosts.merge(new Host(e.projectId(), e.cidr().first()), e.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
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

    /**
     * Whether a request from {@code address} (as {@code ClientAddress} gives it) to a route of project
     * {@code routeProject} ({@link Inbox#ARENA_SCOPE} for a route of no project) is refused at {@code now}.
     */
    boolean blocks(String address, long routeProject, Instant now) {
        Snapshot s = snapshot;
        if (s.isEmpty()) {
            return false;
        }
        InetAddress ip = Cidr.address(address);
        if (ip == null) {
            return false;
        }
        boolean blocked = holds(s.hosts().get(new Host(Inbox.ARENA_SCOPE, ip)), now)
                || routeProject != Inbox.ARENA_SCOPE && holds(s.hosts().get(new Host(routeProject, ip)), now);
        for (int i = 0; !blocked && i < s.ranges().size(); i++) {
            Entry e = s.ranges().get(i);
            blocked = e.holdsOn(routeProject) && e.expiresAt().isAfter(now) && e.cidr().contains(ip);
        }
        return blocked && !isAllowListed(ip);
    }

    private static boolean holds(@Nullable Instant until, Instant now) {
        return until != null && until.isAfter(now);
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
