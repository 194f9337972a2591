package dev.arena.runtime.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Delivers a container's files without an upload: they are written below a directory of this host, one
 * directory per container, and each container directory that holds them is bind-mounted read-only. An upload
 * into a created container makes the engine mount and unmount the container's file system, which costs a
 * start more than the create itself on this machine; a bind costs nothing extra. It works only when the
 * engine runs on this host and sees its file system (a {@code unix://} engine): the mount's source must
 * exist, so a start on an engine that does not see it fails at create instead of starting without its
 * files. A container's directory goes when the container is removed through this runtime, and
 * {@link #sweep} removes those whose container went some other way.
 */
final class HostFiles {

    /** The label that names a container's directory below {@link #root}. */
    static final String LABEL = "arena.files";
    private static final Duration SWEEP_GRACE = Duration.ofMinutes(1);
    private static final Set<PosixFilePermission> DIRECTORY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    private final Path root;
    private final Map<String, String> byContainer = new ConcurrentHashMap<>();

    HostFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A container's files written to this host, and the read-only mounts that put them in place. */
    record Prepared(String key, List<Mount> mounts) {
    }

    /** Writes the files into a new directory of their own, one subdirectory per container directory. */
    Prepared prepare(List<ContainerFile> files) {
        String key = UUID.randomUUID().toString();
        Path base = root.resolve(key);
        Map<String, List<ContainerFile>> byDirectory = files.stream()
                .collect(Collectors.groupingBy(ContainerFile::directory, LinkedHashMap::new, Collectors.toList()));
        var mounts = new ArrayList<Mount>();
        try {
            int n = 0;
            for (var entry : byDirectory.entrySet()) {
                Path source = directory(base.resolve(Integer.toString(n++)));
                for (ContainerFile file : entry.getValue()) {
                    Path written = Files.write(source.resolve(Path.of(file.path()).getFileName().toString()), file.content());
                    Files.setPosixFilePermissions(written, permissions(file.mode()));
                }
                mounts.add(new Mount().withType(MountType.BIND).withSource(source.toString()).withTarget(entry.getKey()).withReadOnly(true));
            }
        } catch (IOException | UncheckedIOException e) {
            delete(base);
            throw new ContainerRuntimeException.EngineError("could not write a container's files below " + root, e);
        }
        return new Prepared(key, List.copyOf(mounts));
    }

    /** Remembers whose files these are, so that removing the container removes them. */
    void created(String containerId, Prepared prepared) {
        byContainer.put(containerId, prepared.key());
    }

    /** Removes files prepared for a container that was never created. */
    void abandon(Prepared prepared) {
        delete(root.resolve(prepared.key()));
    }

    /** Removes the files of a container removed through this runtime. */
    void removed(String containerId) {
        String key = byContainer.remove(containerId);
        if (key != null) {
            delete(root.resolve(key));
        }
    }

    /**
     * Removes every directory no container in {@code live} (the {@value #LABEL} labels of the engine's
     * containers) names, except those younger than a minute: their container may be being created.
     */
    void sweep(Set<String> live) {
        Instant old = Instant.now().minus(SWEEP_GRACE);
        try (Stream<Path> all = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            all.filter(dir -> !live.contains(dir.getFileName().toString()) && modifiedBefore(dir, old)).forEach(HostFiles::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modifiedBefore(Path dir, Instant instant) {
        try {
            return Files.getLastModifiedTime(dir).compareTo(FileTime.from(instant)) < 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, DIRECTORY); // what the container sees at the mount point, whatever the umask
        return dir;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, highest bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void delete(Path dir) {
        try {
            if (Files.exists(dir)) {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            // Left for the next sweep.
        }
    }
}
