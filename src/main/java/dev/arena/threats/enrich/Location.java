package dev.arena.threats.enrich;

import org.jspecify.annotations.Nullable;

/**
 * Where a source is: its network label and, for public addresses found in the GeoIP databases, its
 * country (ISO 3166-1 alpha-2) and autonomous system. Null fields are unknown.
 */
public record Location(NetworkLabel network, @Nullable String country, @Nullable Long asn, @Nullable String asOrg) {

    public static Location of(NetworkLabel network) {
        return new Location(network, null, null, null);
    }
}
