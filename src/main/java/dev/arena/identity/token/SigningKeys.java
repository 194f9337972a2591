package dev.arena.identity.token;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access-token signing keys: stored in {@code signing_keys} with the private half sealed by the master
 * key (the row id as associated data), held in memory as a {@link KeyRing} that every node reloads each
 * {@link #RELOAD} (and at once when a token names a key it has not seen), rotated by
 * {@link TokenHousekeeping}.
 *
 * <p>Rotation never invalidates a token. A new key is published {@link #PUBLISH_AHEAD} before it signs, so
 * verifiers caching the JWKS ({@link #JWKS_MAX_AGE}) learn it first; the key it replaces signs until then
 * and stays published until the longest token it can have signed (24 h) has expired, plus the clock skew.
 */
@Component
class SigningKeys {

    static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
    static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);
    static final Duration RELOAD = Duration.ofMinutes(1);
    private static final Duration MIN_FORCED_RELOAD_GAP = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SecretBox secrets;
    private final Ids ids;
    private final Clock clock;
    private final TokenSettings settings;
    private final ReentrantLock reloading = new ReentrantLock();
    private final ReentrantLock bootstrapping = new ReentrantLock();
    private volatile @Nullable Loaded loaded;

    SigningKeys(JdbcClient jdbc, TransactionTemplate tx, SecretBox secrets, Ids ids, Clock clock, TokenSettings settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    private record Loaded(KeyRing ring, Instant at) {
    }

    private record Row(long id, String publicKey, String privateKey, Instant createdAt, @Nullable Instant retiredAt) {
    }

    /** The keys as this node last loaded them, reloaded when older than {@link #RELOAD}. */
    KeyRing ring() {
        Loaded current = loaded;
        if (current == null || current.at().plus(RELOAD).isBefore(clock.instant())) {
            current = reload(current == null);
        }
        return current.ring();
    }

    /** The key to sign with now; creates the first key (or a readable one) when there is none. */
    KeyRing.Key signingKey() {
        KeyRing.Key key = ring().signing(clock.instant());
        return key != null ? key : firstKey();
    }

    /** Creates a key this node can sign with, once however many requests ask at the same time. */
    private KeyRing.Key firstKey() {
        bootstrapping.lock();
        try {
            KeyRing.Key key = reload(true).ring().signing(clock.instant());
            if (key == null) {
                rotate(clock.instant());
                key = ring().signing(clock.instant());
            }
            if (key == null) {
                throw new IllegalStateException("no access-token signing key can sign");
            }
            return key;
        } finally {
            bootstrapping.unlock();
        }
    }

    /** Makes sure there is a key at start-up, so a bad master key fails here rather than at the first token. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.debug("Signing access tokens with key {}", signingKey().kid());
    }

    /**
     * The published key named {@code kid}, or null. An unknown kid reloads the ring (at most once a second),
     * so a key another node just created is found.
     */
    KeyRing.@Nullable Key published(String kid) {
        KeyRing.Key key = ring().byKid(kid);
        Loaded current = loaded;
        if (key == null && current != null && current.at().plus(MIN_FORCED_RELOAD_GAP).isBefore(clock.instant())) {
            key = reload(false).ring().byKid(kid);
        }
        return key;
    }

    /** Reloads the ring from the database now, e.g. after the keys were changed behind this node's back. */
    void reloadNow() {
        reload(true);
    }

    /** Rotates when the newest key is older than {@code arena.tokens.signing-key-rotation}; true when it did. */
    boolean rotateIfDue(Instant now) {
        List<Instant> newest = jdbc.sql("SELECT created_at FROM signing_keys ORDER BY created_at DESC LIMIT 1")
                .query((rs, n) -> Db.instant(rs, "created_at")).list();
        if (!newest.isEmpty() && newest.getFirst().plus(settings.signingKeyRotation()).isAfter(now)) {
            return false;
        }
        rotate(now);
        return true;
    }

    /**
     * Creates a new key and retires the others: they keep signing for {@link #PUBLISH_AHEAD} while the new
     * one is published (a key this node cannot open never signs here, so the new one takes over at once).
     * Never retiring at once also keeps two nodes that create their first keys together from cutting off
     * each other's tokens.
     */
    void rotate(Instant now) {
        long id = ids.next();
        EdDsa.KeyPair pair = EdDsa.generate();
        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO signing_keys (id, kid, public_key, private_key, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(id, KeyRing.kidOf(pair.publicKey()), BASE64URL.encodeToString(pair.publicKey()),
                            secrets.seal(pair.privateKey(), Long.toString(id)), Db.ts(now))
                    .update();
            jdbc.sql("UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL AND id <> ?")
                    .params(Db.ts(now.plus(PUBLISH_AHEAD)), id)
                    .update();
        });
        EdDsa.wipe(pair.privateKey());
        log.info("Created access-token signing key {}", KeyRing.kidOf(pair.publicKey()));
        reload(true);
    }

    /** Deletes keys that retired so long ago that no token they signed can still be valid; returns how many. */
    int pruneRetired(Instant now) {
        int removed = jdbc.sql("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?")
                .param(Db.ts(publishedSince(now).minus(Duration.ofHours(1))))
                .update();
        if (removed > 0) {
            reload(true);
        }
        return removed;
    }

    /** Keys retired before this instant have signed nothing that is still valid at {@code now}. */
    private Instant publishedSince(Instant now) {
        return now.minus(TokenSettings.MAX_ACCESS_TTL).minus(settings.clockSkew());
    }

    /**
     * Loads the ring from the database. Without {@code wait}, a reload already running elsewhere is not
     * waited for: the caller goes on with the ring it had.
     */
    private Loaded reload(boolean wait) {
        Loaded current = loaded;
        if (wait || current == null) {
            reloading.lock();
        } else if (!reloading.tryLock()) {
            return current;
        }
        try {
            Instant now = clock.instant();
            Loaded fresh = new Loaded(new KeyRing(load(now).stream().map(r -> key(r, now)).toList()), now);
            loaded = fresh;
            return fresh;
        } finally {
            reloading.unlock();
        }
    }

    private List<Row> load(Instant now) {
        return jdbc.sql("SELECT * FROM signing_keys WHERE retired_at IS NULL OR retired_at > ?")
                .param(Db.ts(publishedSince(now)))
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("public_key"), rs.getString("private_key"),
                        Db.instant(rs, "created_at"), Db.nullableInstant(rs, "retired_at")))
                .list();
    }

    private KeyRing.Key key(Row row, Instant now) {
        byte[] publicKey = BASE64URL_DECODER.decode(row.publicKey());
        EdDsa.Signer signer = null;
        if (row.retiredAt() == null || row.retiredAt().isAfter(now)) {
            try {
                byte[] privateKey = secrets.open(row.privateKey(), Long.toString(row.id()));
                signer = new EdDsa.Signer(privateKey);
                EdDsa.wipe(privateKey);
            } catch (SecretBox.SecretUnreadable e) {
                log.warn("Signing key {} cannot be opened with the configured master keys ({}); it only verifies now",
                        row.id(), e.getMessage());
            }
        }
        return KeyRing.Key.of(row.id(), publicKey, row.createdAt(), row.retiredAt(), signer);
    }
}
