package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing in PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so
 * the parameters travel with each hash: raising them later rehashes old hashes at the next login.
 */
@Component
public class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private final Argon2PasswordEncoder encoder;
    /** Verified against when the email is unknown, so that a miss costs as long as a hit. */
    private final String decoy;

    public Passwords(IdentitySettings settings) {
        this.encoder = new Argon2PasswordEncoder(16, 32, settings.argon2Parallelism(), settings.argon2MemoryKib(),
                settings.argon2Iterations());
        this.decoy = encoder.encode("decoy password for unknown accounts");
    }

    /** Hashes an acceptable password. @throws IdentityProblem.Unacceptable when it is too short or long */
    public String hash(String password) {
        requireAcceptable(password);
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return password.length() <= MAX_LENGTH && encoder.matches(password, hash);
    }

    /** Spends the time of one verification without checking anything. */
    public void verifyDecoy(String password) {
        encoder.matches(password.length() <= MAX_LENGTH ? password : "", decoy);
    }

    /** Whether a stored hash was made with weaker parameters than the current ones. */
    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    static void requireAcceptable(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IdentityProblem.Unacceptable("password",
                    "A password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
        }
    }
}
