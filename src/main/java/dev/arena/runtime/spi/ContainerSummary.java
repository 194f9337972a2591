package dev.arena.runtime.spi;

import java.time.Instant;
import java.util.Map;

/**
 * One container in a listing: enough to reconcile it against Arena's records.
 *
 * @param id        the engine's container id
 * @param name      its name, without Docker's leading slash
 * @param state     where it is in its life
 * @param createdAt when it was created
 * @param labels    all its labels
 */
public record ContainerSummary(String id, String name, ContainerState state, Instant createdAt, Map<String, String> labels) {

    public ContainerSummary {
        labels = Map.copyOf(labels);
    }
}
