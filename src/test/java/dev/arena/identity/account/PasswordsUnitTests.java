package dev.arena.identity.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.identity.IdentitySettings;
import dev.arena.platform.TooManyRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Argon2id hashing without Spring: PHC strings, and the bound on hashes computed at once. */
class PasswordsUnitTests {

    @Test
    void aHashIsAPhcStringThatMatchesOnlyItsPassword() {
        try (Passwords passwords = new Passwords(settings(Map.of()))) {
            String hash = passwords.hash("correct horse battery");

            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(passwords.matches("correct horse battery", hash)).isTrue();
            assertThat(passwords.matches("correct horse battery!", hash)).isFalse();
        }
    }

    @Test
    void aCallerWhoseTurnDoesNotComeInTimeIsToldToRetry() {
        // one hash at a time, a slow one (64 MiB, 10 passes: hundreds of ms), and callers wait at most 1 ms for
        // their turn; a cheap check asked again and again while the slow hash runs must be refused at least once
        try (Passwords passwords = new Passwords(settings(Map.of("arena.identity.argon2-concurrency", "1",
                "arena.identity.argon2-memory-kib", "65536", "arena.identity.argon2-iterations", "10")), Duration.ofMillis(1))) {
            // On a busy machine the slow hash may itself miss its 1 ms for the turn (it is then refused too, and done):
            // it is started again, a bounded number of times.
            String slowHash = null;
            boolean refused = false;
            for (int attempt = 0; attempt < 50 && (slowHash == null || !refused); attempt++) {
                CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> passwords.hash("correct horse battery"));
                refused = false;
                while (!slow.isDone()) {
                    try {
                        passwords.matches("correct horse battery", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA");
                    } catch (TooManyRequests e) {
                        refused = true;
                    }
                }
                slowHash = slow.exceptionally(refusedToo -> null).join();
            }

            assertThat(slowHash).as("the slow hash was computed").startsWith("$argon2id$");
            assertThat(refused).as("a check was refused while the slow hash held the only turn").isTrue();
            // The check below has the same 1 ms for its turn, which a busy machine can miss as well: asked again.
            Boolean matched = null;
            for (int attempt = 0; attempt < 50 && matched == null; attempt++) {
                try {
                    matched = passwords.matches("correct horse battery", slowHash);
                } catch (TooManyRequests busyMachine) {
                    // the turn was free, but this thread did not get a core within 1 ms
                }
            }
            assertThat(matched).as("the turn is given back").isTrue();
        }
    }

    @Test
    void hashesLeaveTheVirtualThreadsCarriersFree() throws Exception {
        // As many slow hashes (64 MiB, 10 passes: hundreds of ms) as there are carriers of virtual threads, each
        // asked from a virtual thread. A virtual thread does not yield inside a hash, so if the hash ran on the
        // caller's thread every carrier would be held and a trivial virtual thread started after them would wait for
        // the first hash to finish.
        int carriers = Runtime.getRuntime().availableProcessors();
        try (Passwords passwords = new Passwords(settings(Map.of("arena.identity.argon2-memory-kib", "65536",
                "arena.identity.argon2-iterations", "10")))) {
            List<CompletableFuture<String>> slow = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < carriers; i++) {
                    slow.add(CompletableFuture.supplyAsync(() -> passwords.hash("correct horse battery"), callers));
                }
                Thread.sleep(50);
                CompletableFuture<Boolean> trivial = CompletableFuture.supplyAsync(() -> slow.stream().noneMatch(CompletableFuture::isDone), callers);

                assertThat(trivial.get(30, TimeUnit.SECONDS)).as("a virtual thread ran while the hashes were running").isTrue();
                assertThat(CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void aHashAskedOfAClosedNodeIsToldToRetry() {
        Passwords passwords = new Passwords(settings(Map.of()));
        String hash = passwords.hash("correct horse battery");
        passwords.close();

        assertThatThrownBy(() -> passwords.matches("correct horse battery", hash)).isInstanceOf(TooManyRequests.class);
    }

    private static IdentitySettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("arena.identity", IdentitySettings.class);
    }
}
