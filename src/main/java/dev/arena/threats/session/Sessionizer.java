package dev.arena.threats.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.Ids;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.enrich.GeoIp;
import dev.arena.threats.enrich.Location;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.Inbox;
import dev.arena.threats.ingest.ThreatEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Groups events into attacker sessions by (project, source) and an inactivity gap, enriching each new
 * session once with its location, and assigns ATT&CK techniques to events by the rules. Everything happens
 * in memory: open sessions are cached, and those not cached are loaded with one query per project and
 * batch — never a query per event. Used by the pipeline's thread only, but for {@link #storedThrough}.
 *
 * <p>The store thread writes a batch after the sessionizer made it, so the sessions in memory may be ahead of
 * their rows: a session changed by a batch not stored yet is kept until that batch is stored, whatever the
 * cache evicts, and never loaded from its stale row.
 *
 * <p>Sessions are kept by partition. When a batch brings a partition this node has not seen, or at another
 * epoch than the one its sessions in memory were made at (this node lost the partition since, and another node
 * may have changed them), its sessions in memory are forgotten and its stored sessions that may still be open
 * are loaded with one query. From then on a source not in memory has no open session, and its first event
 * starts one without asking the database — unless the event is earlier than the partition's <em>horizon</em>
 * plus the gap: the time before which the sessions not loaded were last seen, moved past the last event of
 * every session the cache evicts. Such an event's source is looked up as before. A partition with more open sessions than the cache
 * holds has no horizon: all its unknown sources are looked up.
 */
final class Sessionizer {

    /** Where sessions not in memory come from. */
    interface Store {
        /** The latest session of each source that was seen at or after {@code since}. */
        Map<String, SessionState> open(long projectId, Collection<String> sources, Instant since);

        /** Every session of the partitions seen at or after {@code since}; null when there are more than {@code most}. */
        @Nullable List<SessionState> openIn(Set<Integer> partitions, Instant since, int most);

        /** The countries of the project's earlier sessions. */
        Set<String> countries(long projectId);
    }

    record Key(int partition, long projectId, String source) {
    }

    /** One event with its id, session and location. */
    record Placed(long id, long sessionId, long projectId, ThreatEvent event, Location location) {
    }

    /** One technique assignment: which rule put which technique on which event. */
    record Assignment(long id, long projectId, long sessionId, long eventId, Instant at, String technique, String rule,
                      String rulesVersion) {
    }

    /** A project's events in one minute (epoch minutes). */
    record Minute(long projectId, long minute) {
    }

    /**
     * What one batch makes: events, assignments, copies of the sessions it touched as they are to be stored, and
     * the updates the listeners are told about; {@code number} counts the sessionizer's batches.
     */
    record Batch(long number, List<Placed> events, List<Assignment> assignments, List<SessionState> sessions, List<SessionUpdate> updates) {

        /**
         * Batches made one after the other, as one: their events and assignments, and the last copy of each
         * session, which inserts its row when the first copy would have.
         */
        static Batch merge(List<Batch> batches) {
            List<Placed> events = new ArrayList<>();
            List<Assignment> assignments = new ArrayList<>();
            Map<Long, SessionState> sessions = new LinkedHashMap<>();
            List<SessionUpdate> updates = new ArrayList<>();
            for (Batch batch : batches) {
                events.addAll(batch.events());
                assignments.addAll(batch.assignments());
                for (SessionState copy : batch.sessions()) {
                    sessions.merge(copy.id, copy, (first, later) -> {
                        later.stored = first.stored;
                        return later;
                    });
                }
                updates.addAll(batch.updates());
            }
            return new Batch(batches.getLast().number(), events, assignments, List.copyOf(sessions.values()), updates);
        }

        /** The events per project and minute. */
        Map<Minute, Long> minutes() {
            Map<Minute, Long> minutes = new HashMap<>();
            for (Placed placed : events) {
                minutes.merge(new Minute(placed.projectId(), placed.event().at().getEpochSecond() / 60), 1L, Long::sum);
            }
            return minutes;
        }
    }

    private final Store store;
    private final AttackRules rules;
    private final GeoIp geoIp;
    private final Ids ids;
    private final Duration gap;
    private final Cache<Key, SessionState> open;
    private final Cache<Long, Set<String>> countries;
    private final int maxOpen;
    /** Per partition, the epoch at which the sessions in memory were made. */
    private final Map<Integer, Long> epochs = new HashMap<>();
    /**
     * Per partition, a time before which every session not in memory was last seen: an event from the horizon plus
     * the gap on can only belong to a session in memory.
     */
    private final Map<Integer, Instant> horizons = new HashMap<>();
    /** The sessions changed by batches not stored yet, which the cache must not lose. */
    private final Map<Key, SessionState> unstored = new HashMap<>();
    private long batches;
    /** The number of the last batch stored; set by the store thread. */
    private volatile long storedThrough;
    /** The {@link #storedThrough} the unstored sessions were last pruned at. */
    private long prunedThrough;

    Sessionizer(Store store, AttackRules rules, GeoIp geoIp, Ids ids, Duration gap, int maxOpen) {
        this.store = store;
        this.rules = rules;
        this.geoIp = geoIp;
        this.ids = ids;
        this.gap = gap;
        this.maxOpen = maxOpen;
        // Evicts on the calling thread, the pipeline's: nothing of the cache runs elsewhere.
        this.open = Caffeine.newBuilder().maximumSize(maxOpen).expireAfterAccess(gap.multipliedBy(2)).executor(Runnable::run)
                .<Key, SessionState>evictionListener((key, session, cause) -> {
                    if (key != null && session != null) {
                        Instant after = session.lastSeen.plusNanos(1);
                        horizons.computeIfPresent(key.partition(), (p, horizon) -> horizon.isAfter(after) ? horizon : after);
                    }
                }).build();
        this.countries = Caffeine.newBuilder().maximumSize(10_000).build();
    }

    Batch assign(List<Inbox.Pending> pending) {
        long number = ++batches;
        long through = storedThrough;
        if (through != prunedThrough) {
            unstored.values().removeIf(session -> session.lastBatch <= through);
            prunedThrough = through;
        }
        follow(pending);
        load(pending);
        List<Placed> events = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        Map<Long, SessionState> touched = new LinkedHashMap<>();
        for (Inbox.Pending batch : pending) {
            for (ThreatEvent event : batch.events()) {
                Key key = new Key(batch.partition(), batch.projectId(), event.source());
                SessionState session = sessionFor(key, event);
                session.lastBatch = number;
                unstored.put(key, session);
                touched.put(session.id, session);
                session.add(event);
                long eventId = ids.next();
                events.add(new Placed(eventId, session.id, session.projectId, event, session.location));
                List<AttackRules.Rule> fired = rules.match(event, session);
                session.fire(fired);
                for (AttackRules.Rule rule : fired) {
                    assignments.add(new Assignment(ids.next(), session.projectId, session.id, eventId, event.at(), rule.technique(), rule.id(),
                            rules.version()));
                }
            }
        }
        List<SessionState> copies = new ArrayList<>(touched.size());
        List<SessionUpdate> updates = new ArrayList<>(touched.size());
        for (SessionState session : touched.values()) {
            copies.add(session.copyToStore());
            updates.add(update(session));
        }
        return new Batch(number, events, assignments, copies, updates);
    }

    /** The store thread stored the batches up to and including number {@code number}. */
    void storedThrough(long number) {
        storedThrough = number;
    }

    /**
     * Forgets every session in memory: they are loaded again. Only when every batch made so far is stored or
     * dropped, so that their rows are what this node's memory would have gone on from.
     */
    void forgetAll() {
        open.invalidateAll();
        countries.invalidateAll();
        unstored.clear();
        epochs.clear();
        horizons.clear();
    }

    /**
     * Forgets the sessions of partitions that come for the first time or at a new epoch, and loads their stored
     * sessions that the batch's events may still belong to.
     */
    private void follow(List<Inbox.Pending> pending) {
        Set<Integer> changed = new HashSet<>();
        Instant earliest = null;
        for (Inbox.Pending batch : pending) {
            Long known = epochs.put(batch.partition(), batch.epoch());
            if (known == null || known != batch.epoch()) {
                changed.add(batch.partition());
            }
            for (ThreatEvent event : batch.events()) {
                earliest = earliest == null || event.at().isBefore(earliest) ? event.at() : earliest;
            }
        }
        if (changed.isEmpty() || earliest == null) {
            return;
        }
        open.asMap().keySet().removeIf(key -> changed.contains(key.partition()));
        unstored.keySet().removeIf(key -> changed.contains(key.partition()));
        changed.forEach(horizons::remove);
        Instant since = earliest.minus(gap);
        List<SessionState> stored = store.openIn(changed, since, maxOpen);
        if (stored != null) {
            changed.forEach(partition -> horizons.put(partition, since));
            for (SessionState session : stored) {
                Key key = new Key(session.partition, session.projectId, session.source);
                SessionState kept = open.getIfPresent(key);
                if (kept == null || kept.lastSeen.isBefore(session.lastSeen)) {
                    open.put(key, session);
                }
            }
        }
    }

    private SessionState sessionFor(Key key, ThreatEvent event) {
        SessionState session = known(key);
        if (session == null || !session.open(event.at(), gap)) {
            session = start(key, event);
            open.put(key, session);
        }
        return session;
    }

    /** The latest session of the key in memory: cached, or changed by a batch not stored yet (cached again). */
    private @Nullable SessionState known(Key key) {
        SessionState session = open.getIfPresent(key);
        if (session == null) {
            session = unstored.get(key);
            if (session != null) {
                open.put(key, session);
            }
        }
        return session;
    }

    private SessionState start(Key key, ThreatEvent event) {
        Location location = geoIp.locate(event.source());
        boolean newCountry = location.country() != null
                && countries.get(key.projectId(), p -> new HashSet<>(store.countries(p))).add(location.country());
        return new SessionState(ids.next(), key.partition(), key.projectId(), event.source(), location, newCountry, event.at());
    }

    /**
     * Loads the stored open sessions of the batch's sources that are not in memory and may have one: one query per
     * project, none when every such event is past its partition's horizon.
     */
    private void load(List<Inbox.Pending> pending) {
        Map<Long, Map<String, Integer>> missing = new HashMap<>();
        Map<Long, Instant> earliest = new HashMap<>();
        for (Inbox.Pending batch : pending) {
            for (ThreatEvent event : batch.events()) {
                Instant horizon = horizons.get(batch.partition());
                boolean surelyNone = horizon != null && !event.at().isBefore(horizon.plus(gap));
                if (!surelyNone && known(new Key(batch.partition(), batch.projectId(), event.source())) == null) {
                    missing.computeIfAbsent(batch.projectId(), p -> new HashMap<>()).put(event.source(), batch.partition());
                    earliest.merge(batch.projectId(), event.at(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        missing.forEach((project, sources) -> store.open(project, sources.keySet(), earliest.get(project).minus(gap))
                .forEach((source, session) -> open.put(new Key(sources.get(source), project, source), session)));
    }

    /** The update a listener is told about. */
    private static SessionUpdate update(SessionState s) {
        return new SessionUpdate(s.projectId, s.id, s.source, Set.copyOf(s.techniques), s.eventsPerMinute(), s.usernames.size(),
                s.passwords.size(), s.commands.size(), s.failureRatio(), s.newCountry, s.count(EventKind.DOWNLOAD),
                s.durationSeconds(), s.offenderUserId, s.lastSeen);
    }
}
