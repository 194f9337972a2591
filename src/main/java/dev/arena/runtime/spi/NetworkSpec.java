package dev.arena.runtime.spi;

import java.util.regex.Pattern;

/**
 * A bridge network of its own for one instance, so that instances never reach each other.
 *
 * @param name     unique on the engine, Docker's name syntax
 * @param labels   Arena's labels, as on containers
 * @param internal true cuts it off from everything outside it, the host included; note that the engine
 *                 then publishes no ports of containers attached only to it
 * @param isolated true stops containers on the network from reaching each other (one shared network can
 *                 then hold many instances; published ports still work)
 * @param outbound false stops the network's containers from reaching beyond the host (no address
 *                 translation of their traffic); published ports still work
 */
public record NetworkSpec(String name, ArenaLabels labels, boolean internal, boolean isolated, boolean outbound) {

    /** A network whose containers reach each other and the outside (unless {@code internal}). */
    public NetworkSpec(String name, ArenaLabels labels, boolean internal) {
        this(name, labels, internal, false, true);
    }

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    public NetworkSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("network name must match " + NAME + ", was " + name);
        }
    }
}
