package dev.arena.runtime.spi;

import java.util.Locale;

/** Where a container is in its life, as the engine reports it. */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD, UNKNOWN;

    /** Maps the engine's status word ({@code running}, {@code exited}, ...); anything else is UNKNOWN. */
    public static ContainerState of(String status) {
        try {
            return valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
