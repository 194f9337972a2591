package dev.arena.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest with AES-256-GCM under a versioned master key. The associated data (by
 * convention the owning record's id) binds a sealed value to its record: moving it to another row makes
 * it fail to open. Sealed text looks like {@code v2.<base64url(nonce | ciphertext | tag)>}; keys of older
 * versions keep opening what they sealed, so the master key can be rotated by adding a version.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<Integer, SecretKey> keys;
    private final int activeVersion;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keys          raw 32-byte keys by version
     * @param activeVersion the version new seals use; must be one of {@code keys}
     */
    public SecretBox(Map<Integer, byte[]> keys, int activeVersion) {
        var byVersion = new TreeMap<Integer, SecretKey>();
        keys.forEach((version, raw) -> {
            if (raw.length != 32) {
                throw new IllegalArgumentException("master key version " + version + " must be 32 bytes, was " + raw.length);
            }
            byVersion.put(version, new SecretKeySpec(raw, "AES"));
        });
        if (!byVersion.containsKey(activeVersion)) {
            throw new IllegalArgumentException("no master key with the active version " + activeVersion);
        }
        this.keys = Map.copyOf(byVersion);
        this.activeVersion = activeVersion;
    }

    /** Seals {@code secret} under the active key, bound to {@code associatedData}. */
    public String seal(byte[] secret, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(activeVersion), nonce, associatedData, secret);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return "v" + activeVersion + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * Opens what {@link #seal} produced with the same associated data.
     *
     * @throws SecretUnreadable when the text is malformed, its key version is unknown, or it was altered
     *                          or bound to other associated data
     */
    public byte[] open(String sealed, String associatedData) {
        int dot = sealed.indexOf('.');
        if (!sealed.startsWith("v") || dot < 2) {
            throw new SecretUnreadable("not a sealed secret");
        }
        SecretKey key = keys.get(parseVersion(sealed.substring(1, dot)));
        if (key == null) {
            throw new SecretUnreadable("sealed with an unknown master key version");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable("not a sealed secret");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadable("sealed secret too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
        byte[] body = java.util.Arrays.copyOfRange(in, NONCE_BYTES, in.length);
        return crypt(Cipher.DECRYPT_MODE, key, nonce, associatedData, body);
    }

    /** Whether {@code sealed} was sealed under the active key (false means: re-seal it when convenient). */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith("v" + activeVersion + ".");
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SecretUnreadable("not a sealed secret");
        }
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadable("sealed secret failed authentication");
        }
    }

    /** A sealed secret could not be opened: tampered, wrong key, wrong associated data or malformed. */
    public static final class SecretUnreadable extends RuntimeException {
        SecretUnreadable(String message) {
            super(message);
        }
    }
}
