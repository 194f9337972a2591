package dev.arena.threats.respond;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * The policy set each project's sessions are decided by: its own, stored in {@link PolicySets}, or else the
 * built-in one. The decision stage asks at every session update, so it is answered from memory: a project's
 * set is read on its first update and kept in a {@link SharedCache}, which a replacement forgets on every node
 * when it commits, so the new set is in force everywhere at once.
 */
class ProjectPolicies {

    private static final Logger log = LoggerFactory.getLogger(ProjectPolicies.class);

    /** The projects whose sets are kept in memory; the least used are read again when next needed. */
    static final int MAX_CACHED = 10_000;

    /**
     * The set in force for a project.
     *
     * @param own       whether it is the project's own ({@code false}: the built-in set)
     * @param updatedBy who stored the project's own set; null for the built-in set or a caller who is no user
     * @param updatedAt when it was stored; null for the built-in set
     */
    record InForce(PolicySet set, boolean own, @Nullable Long updatedBy, @Nullable Instant updatedAt) {

        /** {@code project} or {@code built-in}, as the audit of responses records it. */
        String origin() {
            return own ? "project" : "built-in";
        }
    }

    private final InForce builtIn;
    private final PolicySets store;
    private final Clock clock;
    private final SharedCache<Long, InForce> cache;

    ProjectPolicies(PolicySet builtIn, PolicySets store, SharedCaches caches, Clock clock) {
        this.builtIn = new InForce(builtIn, false, null, null);
        this.store = store;
        this.clock = clock;
        this.cache = caches.create("threats.policies", Caffeine.newBuilder().maximumSize(MAX_CACHED), Long::valueOf);
    }

    /** The project's set, from memory (read from the database on the project's first call after a change only). */
    InForce inForce(long projectId) {
        return cache.get(projectId, this::read);
    }

    /** The project's set as the database holds it now. */
    InForce read(long projectId) {
        try {
            return store.current(projectId).map(ProjectPolicies::own).orElse(builtIn);
        } catch (PolicySet.Invalid e) {
            // Only a later, stricter check can refuse what was accepted: decide by the built-in set rather than by none.
            log.error("The stored policies of project {} no longer pass the checks ({}); deciding by the built-in set until they"
                    + " are replaced", projectId, e.getMessage());
            return builtIn;
        }
    }

    /**
     * One version of the project's own sets, in force or replaced since (what a response's {@code policyVersion}
     * names); empty when never stored, or when it no longer passes the checks (logged).
     */
    Optional<InForce> version(long projectId, int version) {
        try {
            return store.version(projectId, version).map(ProjectPolicies::own);
        } catch (PolicySet.Invalid e) {
            log.error("Version {} of the policies of project {} no longer passes the checks: {}", version, projectId, e.getMessage());
            return Optional.empty();
        }
    }

    private static InForce own(PolicySets.Stored stored) {
        return new InForce(stored.set(), true, stored.createdBy(), stored.createdAt());
    }

    /**
     * Replaces the project's set with a new version.
     *
     * @param document {@code {version, policies}} in the policies file's shape, where {@code version} is the version
     *                 of the set in force that it replaces (the built-in set's while the project has none of its own)
     * @param userId   who replaces it, for the audit; null for a caller who is no user
     * @return the set now in force: the policies given, as version {@code version + 1}
     * @throws InvalidValue  naming the field, for a document that does not pass the checks
     * @throws StalePolicies when {@code version} is no longer the version in force
     */
    InForce replace(long projectId, @Nullable Object document, @Nullable Long userId) {
        PolicySet given;
        try {
            given = PolicySet.of(document);
        } catch (PolicySet.Invalid e) {
            throw new InvalidValue(e.field, e.getMessage());
        }
        int current = read(projectId).set().version();
        if (given.version() != current) {
            throw new StalePolicies(given.version(), current);
        }
        PolicySet next = new PolicySet(current + 1, given.policies());
        Instant now = clock.instant();
        try {
            store.insert(projectId, next, userId, now);
        } catch (DuplicateKeyException e) {
            throw new StalePolicies(given.version(), next.version());
        }
        cache.invalidate(projectId);
        return new InForce(next, true, userId, now);
    }
}
