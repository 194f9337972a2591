package dev.arena.runtime.spi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A file delivered into a container after it is created and before it starts, e.g. a per-instance flag;
 * {@link ContainerRuntime#replaceFile} can replace it later. Files are owned by root and readable by everyone
 * unless {@code mode} says otherwise. Each directory that holds delivered files is mounted on its own (a
 * read-only bind of a directory of this host, or a private volume the files are uploaded into), so it holds
 * only the delivered files: use a directory of its own, such as {@code /run/arena}. (The engine refuses
 * uploads into a read-only root file system, and its uploads do not reach tmpfs mounts; a volume takes both.)
 *
 * @param path    absolute, normalised, not directly under {@code /}; a file name of at most 100 bytes
 * @param content at most 1 MiB (the array is not copied: do not change it afterwards)
 * @param mode    permission bits, e.g. {@code 0444}
 */
public record ContainerFile(String path, byte[] content, int mode) {

    public static final int MAX_SIZE = 1 << 20;

    public ContainerFile {
        Path p = Path.of(path);
        if (!path.startsWith("/") || !p.normalize().toString().equals(path) || p.getNameCount() < 2) {
            throw new IllegalArgumentException("file path must be absolute, normalised and below a directory, was " + path);
        }
        if (p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > 100) {
            throw new IllegalArgumentException("file name of " + path + " is longer than 100 bytes");
        }
        if (content.length > MAX_SIZE) {
            throw new IllegalArgumentException("file " + path + " is larger than 1 MiB");
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode must be 0-07777, was " + Integer.toOctalString(mode));
        }
    }

    /** A text file in UTF-8, readable by everyone and writable by no one but root. */
    public static ContainerFile text(String path, String content) {
        return new ContainerFile(path, content.getBytes(StandardCharsets.UTF_8), 0444);
    }

    /** The directory the file is delivered into. */
    public String directory() {
        return Path.of(path).getParent().toString();
    }
}
