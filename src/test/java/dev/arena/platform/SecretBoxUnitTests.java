package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBoxUnitTests {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private final SecretBox box = new SecretBox(Map.of(1, key(1)), 1);
    private final byte[] secret = "the private key".getBytes(StandardCharsets.UTF_8);

    @Test
    void whatIsSealedOpensWithTheSameAssociatedData() {
        String sealed = box.seal(secret, "signing-key:42");
        assertThat(sealed).startsWith("v1.").doesNotContain("private");
        assertThat(box.open(sealed, "signing-key:42")).isEqualTo(secret);
    }

    @Test
    void sealingTwiceGivesDifferentTexts() {
        assertThat(box.seal(secret, "a")).isNotEqualTo(box.seal(secret, "a"));
    }

    @Test
    void aSecretMovedToAnotherRecordDoesNotOpen() {
        String sealed = box.seal(secret, "signing-key:42");
        assertThatThrownBy(() -> box.open(sealed, "signing-key:43")).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void aTamperedSecretDoesNotOpen() {
        String sealed = box.seal(secret, "a");
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "a")).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void theWrongKeyDoesNotOpen() {
        String sealed = box.seal(secret, "a");
        SecretBox other = new SecretBox(Map.of(1, key(2)), 1);
        assertThatThrownBy(() -> other.open(sealed, "a")).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void afterRotationOldSecretsStillOpenAndNewOnesUseTheNewKey() {
        String old = box.seal(secret, "a");
        SecretBox rotated = new SecretBox(Map.of(1, key(1), 2, key(2)), 2);

        assertThat(rotated.open(old, "a")).isEqualTo(secret);
        assertThat(rotated.isCurrent(old)).isFalse();
        String fresh = rotated.seal(secret, "a");
        assertThat(fresh).startsWith("v2.");
        assertThat(rotated.isCurrent(fresh)).isTrue();
    }

    @Test
    void garbageIsUnreadableNotACrash() {
        for (String garbage : new String[] {"", "v1.", "v9.AAAA", "x1.AAAA", "v1.!!!!", "vX.AAAA"}) {
            assertThatThrownBy(() -> box.open(garbage, "a")).isInstanceOf(SecretBox.SecretUnreadable.class);
        }
    }

    @Test
    void keysMustBe256Bits() {
        assertThatThrownBy(() -> new SecretBox(Map.of(1, new byte[16]), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(Map.of(1, key(1)), 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
