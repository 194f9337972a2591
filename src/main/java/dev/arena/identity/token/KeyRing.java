package dev.arena.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The signing keys as they stood when they were loaded: which one signs now, which ones a token may have
 * been signed with, and the JSON Web Key Set that publishes them. Immutable, so the hot path reads it
 * without locks.
 *
 * <p>Keys are published before they sign and stay published after they stop: a key created by rotation
 * signs only from {@code createdAt + }{@link SigningKeys#PUBLISH_AHEAD} (when the key it replaces retires),
 * so verifiers that cache the JWKS already know it; and a retired key stays in the set until every token
 * it signed has expired.
 */
final class KeyRing {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final List<Key> keys;
    private final Map<String, Key> byKid;
    private final Map<String, Object> jwks;

    KeyRing(List<Key> keys) {
        this.keys = keys.stream().sorted(Comparator.comparing(Key::createdAt).thenComparingLong(Key::id)).toList();
        var index = new LinkedHashMap<String, Key>();
        this.keys.forEach(k -> index.put(k.kid(), k));
        this.byKid = Map.copyOf(index);
        this.jwks = Map.of("keys", this.keys.stream().map(Key::jwk).toList());
    }

    /**
     * A key of the ring.
     *
     * @param signer    null when the key can no longer sign (retired, or its private half is unreadable)
     * @param retiredAt when it stops signing; null while it is the newest key
     */
    record Key(long id, String kid, byte[] publicKey, Instant createdAt, @Nullable Instant retiredAt,
               EdDsa.Verifier verifier, EdDsa.@Nullable Signer signer) {

        static Key of(long id, byte[] publicKey, Instant createdAt, @Nullable Instant retiredAt, EdDsa.@Nullable Signer signer) {
            return new Key(id, kidOf(publicKey), publicKey, createdAt, retiredAt, new EdDsa.Verifier(publicKey), signer);
        }

        boolean signsAt(Instant now) {
            return signer != null && (retiredAt == null || retiredAt.isAfter(now));
        }

        Map<String, Object> jwk() {
            var jwk = new LinkedHashMap<String, Object>();
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("x", BASE64URL.encodeToString(publicKey));
            jwk.put("kid", kid);
            jwk.put("use", "sig");
            jwk.put("alg", "EdDSA");
            return jwk;
        }
    }

    /** The key that signs at {@code now}: the oldest one not yet retired. Null when there is none. */
    @Nullable Key signing(Instant now) {
        for (Key key : keys) {
            if (key.signsAt(now)) {
                return key;
            }
        }
        return null;
    }

    /** The published key with this id, or null. */
    @Nullable Key byKid(String kid) {
        return byKid.get(kid);
    }

    List<Key> keys() {
        return keys;
    }

    /** The RFC 7517 key set: every published key as an {@code OKP}/{@code Ed25519} JWK. */
    Map<String, Object> jwks() {
        return jwks;
    }

    /** The first 32 characters of the key's RFC 7638 thumbprint: stable, and fits the {@code kid} column. */
    static String kidOf(byte[] publicKey) {
        String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + BASE64URL.encodeToString(publicKey) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
