package dev.arena.threats.query;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An attacker session as the API shows it. {@code eventsPerMinute}, the distinct counts, {@code failureRatio},
 * {@code newCountry}, {@code downloads} and {@code durationSeconds} are the features the anomaly scorer reads;
 * distinct counts saturate at 500. {@code score} is null until a scorer has scored the session.
 */
record SessionView(String id, String source, Instant firstSeen, Instant lastSeen, long durationSeconds, int events,
                   int failedLogins, int successfulLogins, int commands, int downloads, int distinctUsernames,
                   int distinctPasswords, int distinctCommands, double eventsPerMinute, double failureRatio, boolean newCountry,
                   @Nullable String country, @Nullable Long asn, @Nullable String asOrg, String network, List<String> techniques,
                   List<String> sensors, @Nullable String offenderUserId, @Nullable Double score) {
}
