package dev.arena.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.identity.IdentitySettings;
import dev.arena.platform.TooManyRequests;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Argon2id hashing without Spring: PHC strings, and the bound on hashes computed at once. */
class PasswordsUnitTests {

    @Test
    void aHashIsAPhcStringThatMatchesOnlyItsPassword() {
        Passwords passwords = new Passwords(settings(Map.of()));

        String hash = passwords.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(passwords.matches("correct horse battery!", hash)).isFalse();
    }

    @Test
    void aCallerWhoseTurnDoesNotComeInTimeIsToldToRetry() {
        // one hash at a time, a slow one (64 MiB, 10 passes: hundreds of ms), and callers wait at most 1 ms for
        // their turn; a cheap check asked again and again while the slow hash runs must be refused at least once
        Passwords passwords = new Passwords(settings(Map.of("arena.identity.argon2-concurrency", "1",
                "arena.identity.argon2-memory-kib", "65536", "arena.identity.argon2-iterations", "10")), Duration.ofMillis(1));
        // On a busy machine the slow hash may itself miss its 1 ms for the turn while a check holds it (it is then
        // refused too, and done): it is started again, a bounded number of times.
        CompletableFuture<String> slow = null;
        boolean refused = false;
        for (int attempt = 0; attempt < 50 && !refused; attempt++) {
            slow = CompletableFuture.supplyAsync(() -> passwords.hash("correct horse battery"));
            while (!refused && !slow.isDone()) {
                try {
                    passwords.matches("correct horse battery", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA");
                } catch (TooManyRequests e) {
                    refused = true;
                }
            }
        }

        assertThat(refused).as("a check was refused while the slow hash held the only turn").isTrue();
        assertThat(slow.join()).startsWith("$argon2id$");
        assertThat(passwords.matches("correct horse battery", slow.join())).as("the turn is given back").isTrue();
    }

    private static IdentitySettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("arena.identity", IdentitySettings.class);
    }
}
