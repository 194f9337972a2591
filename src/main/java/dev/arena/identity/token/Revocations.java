package dev.arena.identity.token;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.identity.IdentityEvent;
import dev.arena.platform.Db;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What revokes an access token before it expires: its project's revoke-all ({@code tokens_valid_after});
 * for a client's token, its certificate's revocation; for a user's token, the revocation of the refresh
 * family it came from (reuse of a spent refresh token, or the user's lost role). All are read from memory
 * on the hot path, from {@link SharedCache}s that every node forgets when the revoking transaction commits.
 */
@Component
class Revocations {

    private static final String LIST = "list";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TokenSettings settings;
    /** Project id → tokens_valid_after; empty when the project is gone, which revokes everything. */
    private final SharedCache<Long, Optional<Instant>> validAfter;
    /** The whole revocation list, under the one key {@link #LIST}. */
    private final SharedCache<String, Listed> list;

    /** The revocation list's two kinds of entries. */
    private record Listed(Set<Long> certificates, Set<Long> families) {
    }

    Revocations(JdbcClient jdbc, Clock clock, TokenSettings settings, SharedCaches caches) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.validAfter = caches.create("tokens.valid-after", Caffeine.newBuilder().maximumSize(100_000), Long::valueOf);
        this.list = caches.create("tokens.revocation-list", Caffeine.newBuilder().maximumSize(1), Function.identity());
    }

    /**
     * Whether the token was revoked: issued no later than its project's revoke-all, from a revoked
     * certificate, or from a revoked refresh family.
     */
    boolean revoked(AccessTokens.Claims claims) {
        Optional<Instant> after = validAfter.get(claims.projectId(), this::loadValidAfter);
        if (after.isEmpty() || !claims.issuedAt().isAfter(after.get())) {
            return true;
        }
        Listed listed = listed();
        return (claims.certificateId() != null && listed.certificates().contains(claims.certificateId()))
                || (claims.familyId() != null && listed.families().contains(claims.familyId()));
    }

    boolean isRevokedCertificate(long certificateId) {
        return listed().certificates().contains(certificateId);
    }

    private Listed listed() {
        return list.get(LIST, ignored -> loadList());
    }

    /**
     * Refuses every access token of the project issued until {@code now}. Call it in the transaction that
     * records the revocation; every node's cache forgets the project when that transaction commits.
     */
    void revokeProject(long projectId, Instant now) {
        jdbc.sql("UPDATE projects SET tokens_valid_after = ? WHERE id = ?").params(Db.ts(now), projectId).update();
        validAfter.invalidate(projectId);
    }

    /** A deleted project's tokens are refused on every node once the deletion commits. */
    @EventListener
    void on(IdentityEvent.ProjectDeleted deleted) {
        validAfter.invalidate(deleted.projectId());
    }

    /** Adds certificates to the revocation list, in the caller's transaction, for as long as their tokens could live. */
    void revokeCertificates(Collection<Long> certificateIds, Instant now) {
        certificateIds.forEach(id -> add("certificate", id, now));
    }

    /**
     * Adds a refresh family to the revocation list, refusing the access tokens it handed out. Call it once
     * per family, in the transaction that revoked the family's refresh tokens.
     */
    void revokeFamily(long familyId, Instant now) {
        add("family", familyId, now);
    }

    private void add(String kind, long id, Instant now) {
        Instant keepUntil = now.plus(TokenSettings.MAX_ACCESS_TTL).plus(settings.clockSkew()).plus(Duration.ofHours(1));
        jdbc.sql("INSERT INTO revocation_list (kind, credential_id, revoked_at, keep_until) VALUES (?, ?, ?, ?)")
                .params(kind, id, Db.ts(now), Db.ts(keepUntil)).update();
        list.invalidate(LIST);
    }

    /** Removes revocation-list entries that no unexpired token can refer to; returns how many. */
    int pruneExpired(Instant now) {
        return jdbc.sql("DELETE FROM revocation_list WHERE keep_until < ?").param(Db.ts(now)).update();
    }

    private Optional<Instant> loadValidAfter(long projectId) {
        return jdbc.sql("SELECT tokens_valid_after FROM projects WHERE id = ?").param(projectId)
                .query((rs, n) -> Db.instant(rs, "tokens_valid_after")).optional();
    }

    private Listed loadList() {
        var certificates = new HashSet<Long>();
        var families = new HashSet<Long>();
        jdbc.sql("SELECT kind, credential_id FROM revocation_list WHERE keep_until > ?").param(Db.ts(clock.instant()))
                .query(rs -> {
                    (rs.getString(1).equals("certificate") ? certificates : families).add(rs.getLong(2));
                });
        return new Listed(Set.copyOf(certificates), Set.copyOf(families));
    }
}
