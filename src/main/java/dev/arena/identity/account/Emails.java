package dev.arena.identity.account;

import dev.arena.identity.IdentityProblem;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as Arena stores and compares them: trimmed, lower-cased, plausibly shaped. */
public final class Emails {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private Emails() {
    }

    /** The normal form of an address. @throws IdentityProblem.Unacceptable when it is not an address */
    public static String normalise(String email) {
        String normal = email.trim().toLowerCase(Locale.ROOT);
        if (normal.length() > 320 || !SHAPE.matcher(normal).matches()) {
            throw new IdentityProblem.Unacceptable("email", "That is not an email address.");
        }
        return normal;
    }
}
