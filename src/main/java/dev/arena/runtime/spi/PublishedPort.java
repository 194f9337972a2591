package dev.arena.runtime.spi;

/**
 * A container port as the engine's host publishes it.
 *
 * @param port        the container's port
 * @param hostAddress the host address it is bound to (the configured publish address)
 * @param hostPort    the host port the engine chose
 */
public record PublishedPort(ContainerPort port, String hostAddress, int hostPort) {
}
