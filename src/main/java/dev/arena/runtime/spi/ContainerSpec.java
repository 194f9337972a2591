package dev.arena.runtime.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to run, hardened by default. Every container Arena creates:
 * <ul>
 *   <li>drops all Linux capabilities and gets back only those named in {@code capAdd};</li>
 *   <li>runs with {@code no-new-privileges}, so setuid binaries cannot raise its privileges;</li>
 *   <li>has memory (without extra swap), CPU and process limits, which the builder requires;</li>
 *   <li>has a read-only root file system unless {@link Builder#writableRoot()} is asked for;</li>
 *   <li>runs as user {@value #DEFAULT_USER} unless {@link Builder#user(String)} says otherwise;</li>
 *   <li>carries {@link ArenaLabels}, the only way to build a spec;</li>
 *   <li>publishes its ports on the configured host address only, at ports the engine chooses.</li>
 * </ul>
 * Build one with {@link #builder(String, ArenaLabels)}; the canonical constructor validates too.
 *
 * @param image       the image, which must already be on the engine (nothing is pulled)
 * @param name        the container's name, or null to let the engine choose one
 * @param labels      Arena's labels
 * @param extraLabels further labels; Arena's four come from {@code labels} only
 * @param env         environment variables
 * @param cmd         the command, or empty for the image's own
 * @param user        the user (and group) to run as, {@code uid[:gid]} or a name in the image
 * @param ports       ports to publish
 * @param memoryBytes memory limit, at least {@value #MIN_MEMORY_BYTES} bytes; swap is not added on top
 * @param nanoCpus    CPU limit in billionths of a CPU, e.g. 500_000_000 for half a core
 * @param pidsLimit   most processes and threads at once
 * @param readOnlyRoot whether the root file system is read-only
 * @param tmpfs       writable in-memory mounts by path, value: size in bytes
 * @param capAdd      capabilities given back after dropping all, names without {@code CAP_}
 * @param network     {@code bridge}, {@code none} or the name or id of a network Arena created
 * @param files       files delivered before start; {@link ContainerRuntime#replaceFile} can replace them later
 * @param openStdin   whether the command's standard input stays open for {@link ContainerRuntime#feed}, across
 *                    any number of feeds
 */
public record ContainerSpec(
        String image,
        @Nullable String name,
        ArenaLabels labels,
        Map<String, String> extraLabels,
        Map<String, String> env,
        List<String> cmd,
        String user,
        List<ContainerPort> ports,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        boolean readOnlyRoot,
        Map<String, Long> tmpfs,
        Set<String> capAdd,
        String network,
        List<ContainerFile> files,
        boolean openStdin) {

    public static final String DEFAULT_USER = "10001:10001";
    public static final String DEFAULT_NETWORK = "bridge";
    public static final String NO_NETWORK = "none";
    public static final long MIN_MEMORY_BYTES = 6L << 20;

    /** The capabilities a container may get back; others (and {@code ALL}) are refused. */
    public static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE",
            "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_.-]*(:[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?");

    public ContainerSpec {
        require(!image.isBlank(), "image is required");
        require(name == null || NAME.matcher(name).matches(), "name must match " + NAME + ", was " + name);
        extraLabels = Map.copyOf(extraLabels);
        extraLabels.keySet().forEach(key -> require(!labels.asMap().containsKey(key), "label " + key + " is set through ArenaLabels"));
        env = Map.copyOf(env);
        env.keySet().forEach(key -> require(ENV_KEY.matcher(key).matches(), "environment variable name " + key + " is invalid"));
        cmd = List.copyOf(cmd);
        require(USER.matcher(user).matches(), "user must be uid[:gid] or a name, was " + user);
        ports = List.copyOf(ports);
        require(new HashSet<>(ports).size() == ports.size(), "ports must be distinct: " + ports);
        require(memoryBytes >= MIN_MEMORY_BYTES, "memory limit must be at least 6 MiB, was " + memoryBytes + " bytes");
        require(nanoCpus >= 10_000_000, "CPU limit must be at least 0.01 CPU (10000000 nano CPUs), was " + nanoCpus);
        require(pidsLimit >= 1, "pids limit must be at least 1, was " + pidsLimit);
        tmpfs = Map.copyOf(tmpfs);
        tmpfs.forEach((path, size) -> {
            require(path.startsWith("/") && !path.equals("/") && !path.contains(".."), "tmpfs path must be absolute, was " + path);
            require(size > 0, "tmpfs size must be positive for " + path);
        });
        capAdd = Set.copyOf(capAdd);
        capAdd.forEach(cap -> require(CAPABILITIES.contains(cap), "unknown or refused capability " + cap));
        require(network.equals(NO_NETWORK) || network.equals(DEFAULT_NETWORK)
                || (NAME.matcher(network).matches() && !network.equals("host")), "network must be bridge, none or a network's name or id, was " + network);
        require(ports.isEmpty() || !network.equals(NO_NETWORK), "a container without a network cannot publish ports");
        files = List.copyOf(files);
        Set<String> paths = new HashSet<>();
        for (ContainerFile file : files) {
            require(paths.add(file.path()), "file " + file.path() + " is delivered twice");
            require(!tmpfs.containsKey(file.directory()), "file " + file.path() + " is in a tmpfs mount; files get a volume of their own");
        }
    }

    /** Starts a spec for an image with Arena's labels; limits must still be given. */
    public static Builder builder(String image, ArenaLabels labels) {
        return new Builder(image, labels);
    }

    /** The directories delivered files go into, each once, in the order of the files. */
    public Set<String> fileDirectories() {
        Set<String> all = new LinkedHashSet<>();
        files.forEach(file -> all.add(file.directory()));
        return all;
    }

    /** All labels the container carries: Arena's and the extra ones. */
    public Map<String, String> allLabels() {
        Map<String, String> all = new LinkedHashMap<>(extraLabels);
        all.putAll(labels.asMap());
        return all;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds a {@link ContainerSpec}; unset options keep the hardened defaults. Not thread-safe. */
    public static final class Builder {
        private final String image;
        private final ArenaLabels labels;
        private @Nullable String name;
        private final Map<String, String> extraLabels = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> cmd = List.of();
        private String user = DEFAULT_USER;
        private final Set<ContainerPort> ports = new LinkedHashSet<>();
        private long memoryBytes = -1;
        private long nanoCpus = -1;
        private long pidsLimit = -1;
        private boolean readOnlyRoot = true;
        private final Map<String, Long> tmpfs = new LinkedHashMap<>();
        private final Set<String> capAdd = new LinkedHashSet<>();
        private String network = DEFAULT_NETWORK;
        private final List<ContainerFile> files = new ArrayList<>();
        private boolean openStdin;

        private Builder(String image, ArenaLabels labels) {
            this.image = image;
            this.labels = labels;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder label(String key, String value) {
            extraLabels.put(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder cmd(String... cmd) {
            this.cmd = List.of(cmd);
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder port(ContainerPort port) {
            ports.add(port);
            return this;
        }

        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** The CPU limit in cores, e.g. 0.5. */
        public Builder cpus(double cpus) {
            this.nanoCpus = Math.round(cpus * 1e9);
            return this;
        }

        public Builder pidsLimit(long pids) {
            this.pidsLimit = pids;
            return this;
        }

        /** Lets the container write to its root file system, which is read-only by default. */
        public Builder writableRoot() {
            this.readOnlyRoot = false;
            return this;
        }

        /** A writable in-memory mount of at most {@code sizeBytes}, writable by every user, mounted nosuid, nodev, noexec. */
        public Builder tmpfs(String path, long sizeBytes) {
            tmpfs.put(path, sizeBytes);
            return this;
        }

        /** Gives back one capability, named without {@code CAP_} (e.g. {@code NET_BIND_SERVICE}). */
        public Builder capAdd(String capability) {
            capAdd.add(capability);
            return this;
        }

        public Builder network(String network) {
            this.network = network;
            return this;
        }

        public Builder file(ContainerFile file) {
            files.add(file);
            return this;
        }

        /** Keeps the command's standard input open for {@link ContainerRuntime#feed}. */
        public Builder openStdin() {
            this.openStdin = true;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid or missing option; memory, CPU and pids
         *                                  limits have no default and must be set
         */
        public ContainerSpec build() {
            require(memoryBytes != -1, "a memory limit is required");
            require(nanoCpus != -1, "a CPU limit is required");
            require(pidsLimit != -1, "a pids limit is required");
            return new ContainerSpec(image, name, labels, extraLabels, env, cmd, user, List.copyOf(ports), memoryBytes,
                    nanoCpus, pidsLimit, readOnlyRoot, tmpfs, capAdd, network, files, openStdin);
        }
    }
}
