package dev.arena.runtime.spi;

/**
 * A port a container listens on, published on the engine's host at a port the engine chooses.
 *
 * @param number   1-65535
 * @param protocol TCP or UDP
 */
public record ContainerPort(int number, Protocol protocol) {

    public enum Protocol { TCP, UDP }

    public ContainerPort {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + number);
        }
    }

    public static ContainerPort tcp(int number) {
        return new ContainerPort(number, Protocol.TCP);
    }

    public static ContainerPort udp(int number) {
        return new ContainerPort(number, Protocol.UDP);
    }

    @Override
    public String toString() {
        return number + "/" + protocol.name().toLowerCase(java.util.Locale.ROOT);
    }
}
