package dev.arena.threats.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.arena.threats.ingest.IpAddresses;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Offline GeoIP over MaxMind DB files in {@code arena.threats.geoip-directory}: {@code country.mmdb} (either
 * ip-location-db's {@code country_code} records or GeoLite2-Country's {@code country.iso_code}) and
 * {@code asn.mmdb} (GeoLite2-ASN's {@code autonomous_system_number} / {@code _organization}). Either may be
 * missing: its fields are then unknown. {@code source.json}, written by {@code scripts/geoip.sh}, says where
 * the files came from, when, and under which licence; {@link #describe()} shows it. Thread-safe.
 */
public final class GeoIp implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(GeoIp.class);

    private final @Nullable Reader country;
    private final @Nullable Reader asn;
    private final @Nullable Map<String, Object> source;
    private final Path directory;

    private GeoIp(Path directory, @Nullable Reader country, @Nullable Reader asn, @Nullable Map<String, Object> source) {
        this.directory = directory;
        this.country = country;
        this.asn = asn;
        this.source = source;
    }

    /** Opens what the directory holds; a missing or unreadable file is logged and left out. */
    @SuppressWarnings("unchecked")
    public static GeoIp open(Path directory, JsonMapper json) {
        Reader country = reader(directory.resolve("country.mmdb"));
        Reader asn = reader(directory.resolve("asn.mmdb"));
        Map<String, Object> source = null;
        Path sourceFile = directory.resolve("source.json");
        if (Files.isRegularFile(sourceFile)) {
            try {
                source = json.readValue(sourceFile.toFile(), Map.class);
            } catch (RuntimeException e) {
                log.warn("Ignoring unreadable {}: {}", sourceFile, e.getMessage());
            }
        }
        if (country == null) {
            log.info("No GeoIP country database in {}: countries stay unknown (scripts/geoip.sh fetches one)", directory);
        }
        return new GeoIp(directory, country, asn, source);
    }

    private static @Nullable Reader reader(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new Reader(file.toFile(), new CHMCache());
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable GeoIP database {}: {}", file, e.getMessage());
            return null;
        }
    }

    /** Where a source is; a source that is not an IP address (an Arena user) is {@link NetworkLabel#NONE}. */
    public Location locate(String source) {
        InetAddress address = IpAddresses.parse(source);
        if (address == null) {
            return Location.of(NetworkLabel.NONE);
        }
        NetworkLabel network = NetworkLabel.of(address);
        if (network != NetworkLabel.PUBLIC) {
            return Location.of(network);
        }
        Map<String, Object> asRecord = lookup(asn, address);
        Object number = asRecord == null ? null : asRecord.get("autonomous_system_number");
        Object org = asRecord == null ? null : asRecord.get("autonomous_system_organization");
        return new Location(network, countryOf(lookup(country, address)), number instanceof Number n ? n.longValue() : null,
                org instanceof String s ? s : null);
    }

    private static @Nullable String countryOf(@Nullable Map<String, Object> record) {
        if (record == null) {
            return null;
        }
        if (record.get("country_code") instanceof String code) {
            return code;
        }
        return record.get("country") instanceof Map<?, ?> c && c.get("iso_code") instanceof String code ? code : null;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> lookup(@Nullable Reader reader, InetAddress address) {
        if (reader == null) {
            return null;
        }
        try {
            return reader.get(address, Map.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What is loaded and where it came from, for {@code GET /v1/threats/geoip}. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("directory", directory.toString());
        out.put("country", database(country));
        out.put("asn", database(asn));
        out.put("source", source);
        return out;
    }

    private static @Nullable Map<String, Object> database(@Nullable Reader reader) {
        if (reader == null) {
            return null;
        }
        var metadata = reader.getMetadata();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", metadata.databaseType());
        out.put("builtAt", Instant.ofEpochSecond(metadata.buildEpoch().longValue()).toString());
        out.put("description", metadata.description().get("en"));
        return out;
    }

    @Override
    public void close() throws IOException {
        if (country != null) {
            country.close();
        }
        if (asn != null) {
            asn.close();
        }
    }
}
