package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.TooManyRequests;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing in PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so
 * the parameters travel with each hash: raising them later rehashes old hashes at the next login.
 *
 * <p>At most {@code arena.identity.argon2-concurrency} hashes run at once (default: one per processor).
 * Each holds its 19 MiB of memory blocks while it runs, so unbounded, a burst of 500 logins would hold
 * 9.5 GB of heap, and more hashes than cores only share the cores (and their cache) without finishing any
 * sooner. A caller that waits longer than ten seconds for a turn gets a 429.
 */
@Component
public class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Argon2PasswordEncoder encoder;
    private final Semaphore turns;
    private final Duration wait;
    /** Verified against when the email is unknown, so that a miss costs as long as a hit. */
    private final String decoy;

    @Autowired
    public Passwords(IdentitySettings settings) {
        this(settings, WAIT);
    }

    Passwords(IdentitySettings settings, Duration wait) {
        this.wait = wait;
        this.encoder = new Argon2PasswordEncoder(16, 32, settings.argon2Parallelism(), settings.argon2MemoryKib(),
                settings.argon2Iterations());
        this.decoy = encoder.encode("decoy password for unknown accounts");
        this.turns = new Semaphore(settings.argon2Concurrency() > 0 ? settings.argon2Concurrency() : Runtime.getRuntime().availableProcessors(), true);
    }

    /** Hashes an acceptable password. @throws IdentityProblem.Unacceptable when it is too short or long */
    public String hash(String password) {
        requireAcceptable(password);
        return inTurn(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return password.length() <= MAX_LENGTH && inTurn(() -> encoder.matches(password, hash));
    }

    /** Spends the time of one verification without checking anything. */
    public void verifyDecoy(String password) {
        inTurn(() -> encoder.matches(password.length() <= MAX_LENGTH ? password : "", decoy));
    }

    /** Whether a stored hash was made with weaker parameters than the current ones. */
    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    private <T> T inTurn(Supplier<T> hashing) {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TooManyRequests("password-hashing", Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TooManyRequests("password-hashing", Duration.ofSeconds(1));
        }
        try {
            return hashing.get();
        } finally {
            turns.release();
        }
    }

    static void requireAcceptable(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IdentityProblem.Unacceptable("password",
                    "A password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
        }
    }
}
