package dev.arena.identity;

/**
 * Everything identity refuses, each named after the fact it reports. The module's problem advice maps
 * each to one RFC 9457 response; nothing else in the module chooses a status code.
 */
public abstract sealed class IdentityProblem extends RuntimeException {

    IdentityProblem(String message) {
        super(message, null, false, false);
    }

    /** Wrong email or password, or an unusable session or token (401). Never says which. */
    public static final class InvalidCredentials extends IdentityProblem {
        public InvalidCredentials() {
            super("Invalid credentials.");
        }
    }

    /** The caller is authenticated, but this kind of credential cannot do this (403). */
    public static final class CredentialNotAllowed extends IdentityProblem {
        public CredentialNotAllowed(String message) {
            super(message);
        }
    }

    /** The caller sees the resource but lacks the role (403). */
    public static final class RoleRequired extends IdentityProblem {
        private final String role;

        public RoleRequired(String role) {
            super("This needs the role '" + role + "' or higher.");
            this.role = role;
        }

        public String role() {
            return role;
        }
    }

    /** The organisation's tier allows no more of something (403). */
    public static final class QuotaExceeded extends IdentityProblem {
        private final String quota;
        private final int limit;

        public QuotaExceeded(String quota, int limit) {
            super("The organisation's tier allows at most " + limit + " " + quota + ".");
            this.quota = quota;
            this.limit = limit;
        }

        public String quota() {
            return quota;
        }

        public int limit() {
            return limit;
        }
    }

    /** A single-use token (invitation, verification, reset, refresh) that is unknown, used or expired (400). */
    public static final class TokenUnusable extends IdentityProblem {
        public TokenUnusable(String what) {
            super("The " + what + " is invalid, expired or already used.");
        }
    }

    /** The request would break a rule of the data (409): a duplicate name, the last owner leaving, ... */
    public static final class Conflict extends IdentityProblem {
        public Conflict(String message) {
            super(message);
        }
    }

    /** A value is well-formed but not acceptable (422): a weak password, a TTL out of range, ... */
    public static final class Unacceptable extends IdentityProblem {
        private final String field;

        public Unacceptable(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
