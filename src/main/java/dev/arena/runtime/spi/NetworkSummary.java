package dev.arena.runtime.spi;

import java.util.Map;

/**
 * One network in a listing.
 *
 * @param id     the engine's network id
 * @param name   its name
 * @param labels   all its labels
 * @param isolated whether its containers cannot reach each other (a bridge with inter-container traffic off)
 * @param outbound whether its containers can reach beyond the host (address translation on, not internal)
 */
public record NetworkSummary(String id, String name, Map<String, String> labels, boolean isolated, boolean outbound) {

    public NetworkSummary {
        labels = Map.copyOf(labels);
    }
}
