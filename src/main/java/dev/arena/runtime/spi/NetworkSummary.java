package dev.arena.runtime.spi;

import java.util.Map;

/**
 * One network in a listing.
 *
 * @param id     the engine's network id
 * @param name   its name
 * @param labels all its labels
 */
public record NetworkSummary(String id, String name, Map<String, String> labels) {

    public NetworkSummary {
        labels = Map.copyOf(labels);
    }
}
