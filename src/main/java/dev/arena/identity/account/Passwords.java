package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.TooManyRequests;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Hashes run on {@code arena.identity.argon2-concurrency} platform threads of their own (default: one per
 * processor), each with its {@link Argon2id.Memory} for the life of the process: a hash needs 19 MiB, and
 * allocating them per login made the young generation churn (and G1 copy the blocks of hashes still
 * running). More hashes than cores only share the cores (and their cache) without finishing any sooner.
 * Not on the caller's virtual thread: a hash is ~20 ms of CPU without a point where a virtual thread yields,
 * so two logins on two cores held both carriers and every other request of the node waited behind them; the
 * operating system shares the cores between platform threads. A caller whose hash has not started within
 * ten seconds gets a 429.
 */
@Component
public class Passwords implements AutoCloseable {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SALT_LENGTH = 16;
    private static final int TAG_LENGTH = 32;

    private final Argon2id.Parameters parameters;
    private final SecureRandom random = new SecureRandom();
    /** The threads that hash, in turn of submission; each uses its own {@link #memory}. */
    private final ExecutorService hashers;
    private final ThreadLocal<Argon2id.Memory> memory = ThreadLocal.withInitial(Argon2id.Memory::new);
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
        this.hashers = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("argon2-", 1).daemon().factory());
        this.decoy = Argon2id.Encoded.parse(hashUnchecked("decoy password for unknown accounts", WAIT));
    }

    /** Hashes an acceptable password. @throws IdentityProblem.Unacceptable when it is too short or long */
    public String hash(String password) {
        requireAcceptable(password);
        return hashUnchecked(password, wait);
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

    private String hashUnchecked(String password, Duration turnWithin) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] tag = inTurn(turnWithin, memory -> Argon2id.hash(memory, bytes(password), salt, parameters, TAG_LENGTH));
        return new Argon2id.Encoded(parameters, salt, tag).toString();
    }

    private boolean matches(String password, Argon2id.Encoded stored) {
        byte[] tag = inTurn(wait, memory -> Argon2id.hash(memory, bytes(password), stored.salt(), stored.parameters(), stored.tag().length));
        return MessageDigest.isEqual(tag, stored.tag());
    }

    /** The password's bytes exactly as Bouncy Castle's generator took them, so older hashes keep matching. */
    private static byte[] bytes(String password) {
        return Strings.toUTF8ByteArray(password.toCharArray());
    }

    private <T> T inTurn(Duration turnWithin, Function<Argon2id.Memory, T> hashing) {
        // taken by the hasher that starts the hash, or by the caller that gives up waiting: the hash never starts then
        AtomicBoolean taken = new AtomicBoolean();
        Future<T> turn;
        try {
            turn = hashers.submit(() -> taken.compareAndSet(false, true) ? hashing.apply(memory.get()) : null);
        } catch (RejectedExecutionException closing) {
            throw busy(); // the node is shutting down: another node, or this one restarted, answers the retry
        }
        try {
            try {
                return turn.get(turnWithin.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (taken.compareAndSet(false, true)) {
                    throw busy();
                }
                return turn.get(); // started within the wait: it finishes
            }
        } catch (InterruptedException e) {
            taken.set(true);
            Thread.currentThread().interrupt();
            throw busy();
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    private static TooManyRequests busy() {
        return new TooManyRequests("password-hashing", Duration.ofSeconds(1));
    }

    private static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }

    @Override
    public void close() {
        hashers.shutdownNow();
    }

    static void requireAcceptable(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IdentityProblem.Unacceptable("password",
                    "A password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
        }
    }
}
