package dev.arena.threats.session;

import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.enrich.Location;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.ThreatEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One attacker session as the sessionizer keeps it in memory: counts, distinct values (each set keeps at
 * most {@link #MAX_DISTINCT} values, so distinct counts saturate there), techniques and rules fired. Only
 * the pipeline's thread touches it; the store thread writes {@linkplain #copyToStore copies}. {@link Snapshot}
 * is what is stored to go on after a restart.
 */
final class SessionState implements AttackRules.SessionCounts {

    static final int MAX_DISTINCT = 500;
    /** Commands are kept for distinctness only, cut to this length. */
    static final int COMMAND_KEY_LENGTH = 200;

    final long id;
    /** The partition of its (project, source) on this node. */
    final int partition;
    final long projectId;
    final String source;
    final Location location;
    final boolean newCountry;
    Instant firstSeen;
    Instant lastSeen;
    int events;
    final Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
    final Set<String> usernames = new LinkedHashSet<>();
    final Set<String> passwords = new LinkedHashSet<>();
    final Set<String> commands = new LinkedHashSet<>();
    final Set<String> fired = new LinkedHashSet<>();
    final Set<String> techniques = new LinkedHashSet<>();
    final Set<String> sensors = new LinkedHashSet<>();
    @Nullable Long offenderUserId;
    /** Whether a row exists for it, or is on its way (else the next write inserts one). */
    boolean stored;
    /** The sessionizer's number of the last batch that changed it. */
    long lastBatch;

    SessionState(long id, int partition, long projectId, String source, Location location, boolean newCountry, Instant firstSeen) {
        this.id = id;
        this.partition = partition;
        this.projectId = projectId;
        this.source = source;
        this.location = location;
        this.newCountry = newCountry;
        this.firstSeen = firstSeen;
        this.lastSeen = firstSeen;
    }

    /** What is stored in the session row's {@code state} column. */
    record Snapshot(Map<EventKind, Integer> counts, Set<String> usernames, Set<String> passwords, Set<String> commands,
                    Set<String> fired, Set<String> techniques, Set<String> sensors) {
    }

    Snapshot snapshot() {
        return new Snapshot(counts, usernames, passwords, commands, fired, techniques, sensors);
    }

    /** A stored session, as the sessionizer picks it up again. */
    static SessionState restore(long id, int partition, long projectId, String source, Location location, boolean newCountry,
                                Instant firstSeen, Instant lastSeen, int events, @Nullable Long offenderUserId, Snapshot snapshot) {
        SessionState state = new SessionState(id, partition, projectId, source, location, newCountry, firstSeen);
        state.lastSeen = lastSeen;
        state.events = events;
        state.offenderUserId = offenderUserId;
        state.counts.putAll(snapshot.counts());
        state.usernames.addAll(snapshot.usernames());
        state.passwords.addAll(snapshot.passwords());
        state.commands.addAll(snapshot.commands());
        state.fired.addAll(snapshot.fired());
        state.techniques.addAll(snapshot.techniques());
        state.sensors.addAll(snapshot.sensors());
        state.stored = true;
        return state;
    }

    /**
     * A copy of the session as it is now, for the store thread to write while this one goes on changing; the
     * copy inserts the row when none exists yet, and this session counts as stored from now on (its rows are
     * written in the order they were copied).
     */
    SessionState copyToStore() {
        SessionState copy = restore(id, partition, projectId, source, location, newCountry, firstSeen, lastSeen, events, offenderUserId,
                snapshot());
        copy.stored = stored;
        stored = true;
        return copy;
    }

    /** Whether an event at {@code at} still belongs here, given the inactivity gap. */
    boolean open(Instant at, Duration gap) {
        return !at.isAfter(lastSeen.plus(gap));
    }

    /** Counts an event in; late events (before the first seen) move the start back. */
    void add(ThreatEvent event) {
        events++;
        counts.merge(event.kind(), 1, Integer::sum);
        if (event.at().isBefore(firstSeen)) {
            firstSeen = event.at();
        }
        if (event.at().isAfter(lastSeen)) {
            lastSeen = event.at();
        }
        if (event.kind() == EventKind.LOGIN_FAILED || event.kind() == EventKind.LOGIN_SUCCESS) {
            keep(usernames, event.username());
            keep(passwords, event.password());
        }
        if (event.command() != null) {
            String command = event.command().strip();
            keep(commands, command.length() <= COMMAND_KEY_LENGTH ? command : command.substring(0, COMMAND_KEY_LENGTH));
        }
        keep(sensors, event.sensor());
        if (event.userId() != null) {
            offenderUserId = event.userId();
        }
    }

    /** Records the rules an event fired: their techniques, and the once-per-session ones as fired. */
    void fire(List<AttackRules.Rule> rules) {
        for (AttackRules.Rule rule : rules) {
            techniques.add(rule.technique());
            if (rule.perSession()) {
                fired.add(rule.id());
            }
        }
    }

    private static void keep(Set<String> values, @Nullable String value) {
        if (value != null && values.size() < MAX_DISTINCT) {
            values.add(value);
        }
    }

    @Override
    public int count(EventKind kind) {
        return counts.getOrDefault(kind, 0);
    }

    @Override
    public int distinct(String field) {
        return switch (field) {
            case "username" -> usernames.size();
            case "password" -> passwords.size();
            default -> commands.size();
        };
    }

    @Override
    public boolean fired(String ruleId) {
        return fired.contains(ruleId);
    }

    int failedLogins() {
        return count(EventKind.LOGIN_FAILED);
    }

    int successfulLogins() {
        return count(EventKind.LOGIN_SUCCESS);
    }

    long durationSeconds() {
        return Duration.between(firstSeen, lastSeen).toSeconds();
    }

    /** Events per minute over the session's span (a span under a minute counts as one minute). */
    double eventsPerMinute() {
        return events / Math.max(1.0, Duration.between(firstSeen, lastSeen).toMillis() / 60_000.0);
    }

    /** Failed logins among all logins; 0 without logins. */
    double failureRatio() {
        int logins = failedLogins() + successfulLogins();
        return logins == 0 ? 0 : (double) failedLogins() / logins;
    }
}
