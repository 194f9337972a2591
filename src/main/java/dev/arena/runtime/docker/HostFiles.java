package dev.arena.runtime.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
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
 *
 * <p>A file can be {@linkplain #replace replaced} in a created or running container without the engine: the
 * new content is written next to the container's mounted directories (so the container never sees it half
 * written) and renamed over the old file. The bind is of the directory, not of the file, so the container
 * sees the new entry at once. Only containers created through this instance can be served so; it does not
 * know the directories of those another process created.
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
    private final Map<String, Prepared> byContainer = new ConcurrentHashMap<>();

    HostFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A container's files written to this host: their paths in the container, and the read-only mounts that put them in place. */
    record Prepared(String key, Set<String> paths, List<Mount> mounts) {
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
        return new Prepared(key, files.stream().map(ContainerFile::path).collect(Collectors.toUnmodifiableSet()), List.copyOf(mounts));
    }

    /** Remembers whose files these are, so that removing the container removes them. */
    void created(String containerId, Prepared prepared) {
        byContainer.put(containerId, prepared);
    }

    /**
     * Replaces one of a container's files atomically, with the mode the file gives.
     *
     * @return false, having done nothing, if this instance did not deliver the container's files
     * @throws IllegalArgumentException                 if the container's files have none at that path
     * @throws ContainerRuntimeException.NotFound       if the container's files are gone meanwhile (it was removed)
     * @throws ContainerRuntimeException.EngineError    if the file could not be written
     */
    boolean replace(String containerId, ContainerFile file) {
        Prepared prepared = byContainer.get(containerId);
        if (prepared == null) {
            return false;
        }
        if (!prepared.paths().contains(file.path())) {
            throw new IllegalArgumentException("container " + containerId + " was created without a file " + file.path());
        }
        Path target = prepared.mounts().stream().filter(m -> m.getTarget().equals(file.directory())).findFirst()
                .map(m -> Path.of(m.getSource()).resolve(Path.of(file.path()).getFileName().toString()))
                .orElseThrow();
        // Written outside the container's mounts, then renamed within one file system: the container sees it whole or not at all.
        Path next = root.resolve(prepared.key()).resolve(".next-" + UUID.randomUUID());
        try {
            Files.write(next, file.content());
            Files.setPosixFilePermissions(next, permissions(file.mode()));
            Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(next);
            if (e instanceof NoSuchFileException) {
                throw new ContainerRuntimeException.NotFound("the files of container " + containerId + " are gone", e);
            }
            throw new ContainerRuntimeException.EngineError("could not replace " + file.path() + " of container " + containerId, e);
        }
        return true;
    }

    /** Removes files prepared for a container that was never created. */
    void abandon(Prepared prepared) {
        delete(root.resolve(prepared.key()));
    }

    /** Removes the files of a container removed through this runtime. */
    void removed(String containerId) {
        Prepared prepared = byContainer.remove(containerId);
        if (prepared != null) {
            delete(root.resolve(prepared.key()));
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
