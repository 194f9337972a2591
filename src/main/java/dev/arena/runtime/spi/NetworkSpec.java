package dev.arena.runtime.spi;

import java.util.regex.Pattern;

/**
 * A bridge network of its own for one instance, so that instances never reach each other.
 *
 * @param name     unique on the engine, Docker's name syntax
 * @param labels   Arena's labels, as on containers
 * @param internal true cuts it off from everything outside it, the host included; note that the engine
 *                 then publishes no ports of containers attached only to it
 */
public record NetworkSpec(String name, ArenaLabels labels, boolean internal) {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    public NetworkSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("network name must match " + NAME + ", was " + name);
        }
    }
}
