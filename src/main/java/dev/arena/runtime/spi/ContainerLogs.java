package dev.arena.runtime.spi;

/**
 * The tail of a container's output, decoded as UTF-8.
 *
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
public record ContainerLogs(String stdout, String stderr) {
}
