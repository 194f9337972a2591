package dev.arena.instances.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A challenge of a project: what each instance runs and the rules of its life.
 *
 * @param flagTemplate {@code word{text}}; each instance's flag is the template with a random part added
 *                     before the closing brace ({@code flag{web_1}} becomes {@code flag{web_1_3fa9...}})
 * @param flagFile     where the flag is delivered as a file (its directory holds only delivered files), or null
 * @param flagEnv      the environment variable the flag is delivered in, or null; exactly one of the two is set
 * @param capabilities Linux capabilities given back after all are dropped, from Docker's default set only
 *                     ({@link #GRANTABLE}); names without {@code CAP_}
 * @param writableRoot whether the root file system is writable (read-only unless the challenge says so)
 * @param warmPool     started containers each node keeps ready for this challenge, 0-{@value #MAX_WARM_POOL};
 *                     only with {@code flagFile}, since the flag is written over a placeholder when one is taken
 */
record Challenge(long id, long projectId, String name, String image, List<String> command, List<Integer> ports,
                 int memoryMib, double cpus, Duration lifetime, Duration extension, int maxExtensions,
                 Duration maxTotal, Map<String, String> env, String flagTemplate, @Nullable String flagFile,
                 @Nullable String flagEnv, boolean allowOutbound, List<String> capabilities, boolean writableRoot,
                 int warmPool, Instant createdAt, Instant updatedAt) {

    static final int MAX_WARM_POOL = 20;

    /**
     * The capabilities a challenge may ask for: those Docker grants a container by default. Anything
     * beyond (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) weakens the host's isolation and is refused.
     */
    static final Set<String> GRANTABLE = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
            "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9_]{1,32}\\{[\\x21-\\x7a\\x7c\\x7e]{0,100}}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    /**
     * Checks every rule a challenge must meet.
     *
     * @throws InstancesProblem.Unacceptable naming the first field that breaks one
     */
    Challenge validate() {
        check(NAME.matcher(name).matches(), "name", "name must be 1-100 of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
        check(IMAGE.matcher(image).matches(), "image", "image must be an image reference such as arena/busybox:1");
        check(command.size() <= 50 && command.stream().allMatch(c -> c != null && c.length() <= 1000), "command", "command takes at most 50 arguments of at most 1000 characters");
        check(!ports.isEmpty() && ports.size() <= 10, "ports", "ports must list 1-10 container ports");
        check(ports.stream().allMatch(p -> p != null && p >= 1 && p <= 65535), "ports", "ports must be 1-65535");
        check(new HashSet<>(ports).size() == ports.size(), "ports", "ports must be distinct");
        check(memoryMib >= 6 && memoryMib <= 16384, "memoryMib", "memoryMib must be 6-16384");
        check(cpus >= 0.01 && cpus <= 16, "cpus", "cpus must be 0.01-16");
        check(seconds(lifetime) >= 1 && seconds(lifetime) <= 7 * 86400, "lifetimeSeconds", "lifetimeSeconds must be 1-604800");
        check(seconds(extension) >= 1 && seconds(extension) <= 7 * 86400, "extensionSeconds", "extensionSeconds must be 1-604800");
        check(maxExtensions >= 0 && maxExtensions <= 1000, "maxExtensions", "maxExtensions must be 0-1000");
        check(maxTotal.compareTo(lifetime) >= 0 && seconds(maxTotal) <= 30 * 86400, "maxTotalSeconds",
                "maxTotalSeconds must be at least lifetimeSeconds and at most 2592000");
        check(env.size() <= 50, "env", "env takes at most 50 variables");
        env.forEach((k, v) -> check(ENV_KEY.matcher(k).matches() && v != null && v.length() <= 1000, "env",
                "env names must be shell variable names and values at most 1000 characters: " + k));
        check(FLAG.matcher(flagTemplate).matches(), "flagTemplate", "flagTemplate must look like flag{text}: a word, then printable text without braces in braces");
        check((flagFile == null) != (flagEnv == null), "flagFile", "give exactly one of flagFile and flagEnv");
        if (flagFile != null) {
            Path p = Path.of(flagFile);
            check(flagFile.startsWith("/") && p.normalize().toString().equals(flagFile) && p.getNameCount() >= 2
                    && flagFile.length() <= 200 && !p.getParent().toString().equals("/tmp"), "flagFile",
                    "flagFile must be an absolute, normalised path below a directory other than / and /tmp, e.g. /run/arena/flag");
        }
        check(capabilities.stream().allMatch(GRANTABLE::contains) && new HashSet<>(capabilities).size() == capabilities.size(),
                "capabilities", "capabilities must be distinct names from " + new TreeSet<>(GRANTABLE));
        check(warmPool >= 0 && warmPool <= MAX_WARM_POOL, "warmPool", "warmPool must be 0-" + MAX_WARM_POOL);
        check(warmPool == 0 || flagFile != null, "warmPool",
                "a warm pool needs flagFile: an environment variable cannot be set in a container that already runs");
        if (flagEnv != null) {
            check(ENV_KEY.matcher(flagEnv).matches() && !env.containsKey(flagEnv), "flagEnv",
                    "flagEnv must be a variable name not also given in env");
        }
        return this;
    }

    /** The live-instance key of an owner: one live instance per owner per challenge. */
    String liveKey(String owner) {
        return id + ":" + owner;
    }

    private static long seconds(Duration d) {
        return d.toSeconds();
    }

    private static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new InstancesProblem.Unacceptable(field, message);
        }
    }
}
