package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.TooManyRequests;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.util.Strings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing in PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so
 * the parameters travel with each hash: raising them later rehashes old hashes at the next login. The
 * format is Spring Security's {@code Argon2PasswordEncoder}'s, which made the hashes stored before
 * {@link Argon2id}; they verify unchanged.
 *
 * <p>At most {@code arena.identity.argon2-concurrency} hashes run at once (default: one per processor),
 * each in one of as many {@link Argon2id.Memory}s, kept for the life of the process: a hash needs 19 MiB,
 * and allocating them per login made the young generation churn (and G1 copy the blocks of hashes still
 * running). More hashes than cores only share the cores (and their cache) without finishing any sooner.
 * A caller that waits longer than ten seconds for a turn gets a 429.
 */
@Component
public class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SALT_LENGTH = 16;
    private static final int TAG_LENGTH = 32;

    private final Argon2id.Parameters parameters;
    private final SecureRandom random = new SecureRandom();
    /** The memories not in use; taking one is a turn to hash. */
    private final BlockingQueue<Argon2id.Memory> memories;
    private final Duration wait;
    /** Verified against when the email is unknown, so that a miss costs as long as a hit. */
    private final Argon2id.Encoded decoy;

    @Autowired
    public Passwords(IdentitySettings settings) {
        this(settings, WAIT);
    }

    Passwords(IdentitySettings settings, Duration wait) {
        this.wait = wait;
        this.parameters = new Argon2id.Parameters(settings.argon2MemoryKib(), settings.argon2Iterations(),
                settings.argon2Parallelism());
        int concurrency = settings.argon2Concurrency() > 0 ? settings.argon2Concurrency() : Runtime.getRuntime().availableProcessors();
        this.memories = new ArrayBlockingQueue<>(concurrency, true);
        for (int i = 0; i < concurrency; i++) {
            memories.add(new Argon2id.Memory());
        }
        this.decoy = Argon2id.Encoded.parse(hashUnchecked("decoy password for unknown accounts"));
    }

    /** Hashes an acceptable password. @throws IdentityProblem.Unacceptable when it is too short or long */
    public String hash(String password) {
        requireAcceptable(password);
        return hashUnchecked(password);
    }

    public boolean matches(String password, String hash) {
        if (password.length() > MAX_LENGTH) {
            return false;
        }
        Argon2id.Encoded stored = Argon2id.Encoded.parse(hash);
        return stored != null && matches(password, stored);
    }

    /** Spends the time of one verification without checking anything. */
    public void verifyDecoy(String password) {
        matches(password.length() <= MAX_LENGTH ? password : "", decoy);
    }

    /** Whether a stored hash was made with weaker parameters than the current ones. */
    public boolean needsRehash(String hash) {
        Argon2id.Encoded stored = Argon2id.Encoded.parse(hash);
        return stored != null && (stored.parameters().memoryKib() < parameters.memoryKib()
                || stored.parameters().iterations() < parameters.iterations());
    }

    private String hashUnchecked(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] tag = inTurn(memory -> Argon2id.hash(memory, bytes(password), salt, parameters, TAG_LENGTH));
        return new Argon2id.Encoded(parameters, salt, tag).toString();
    }

    private boolean matches(String password, Argon2id.Encoded stored) {
        byte[] tag = inTurn(memory -> Argon2id.hash(memory, bytes(password), stored.salt(), stored.parameters(), stored.tag().length));
        return MessageDigest.isEqual(tag, stored.tag());
    }

    /** The password's bytes exactly as Bouncy Castle's generator took them, so older hashes keep matching. */
    private static byte[] bytes(String password) {
        return Strings.toUTF8ByteArray(password.toCharArray());
    }

    private <T> T inTurn(Function<Argon2id.Memory, T> hashing) {
        Argon2id.Memory memory;
        try {
            memory = memories.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            memory = null;
        }
        if (memory == null) {
            throw new TooManyRequests("password-hashing", Duration.ofSeconds(1));
        }
        try {
            return hashing.apply(memory);
        } finally {
            memories.add(memory);
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
