package dev.arena.threats.respond;

/**
 * A project's policies were to replace a version that is no longer in force (someone replaced it meanwhile);
 * answered 409 {@code stale-policies} with the version in force, so that the caller reads it again first.
 */
final class StalePolicies extends RuntimeException {

    final int currentVersion;

    StalePolicies(int given, int currentVersion) {
        super("Version " + given + " of the policies is not the one in force (" + currentVersion + "); read them again and retry.",
                null, false, false);
        this.currentVersion = currentVersion;
    }
}
