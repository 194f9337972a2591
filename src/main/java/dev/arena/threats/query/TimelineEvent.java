package dev.arena.threats.query;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One event of a session's timeline, enriched, with the techniques rules assigned to it. */
record TimelineEvent(String id, Instant at, String kind, String type, @Nullable String sensor, @Nullable String sensorSession,
                     @Nullable String username, @Nullable String password, @Nullable String command, @Nullable String url,
                     @Nullable String sha256, @Nullable String detail, @Nullable String country, @Nullable Long asn,
                     @Nullable String asOrg, String network, List<TechniqueView> techniques) {
}
