package dev.arena.threats.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.threats.CowrieFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventParserUnitTests {

    private final EventParser parser = new EventParser(JsonMapper.builder().build());

    private EventParser.Parsed parse(String body, boolean ndjson) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), ndjson);
    }

    @Test
    void aRecordedCowrieSessionIsReadAsCowrieWroteIt() {
        var parsed = parser.parse(CowrieFixture.bytes(), true);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.events()).hasSize(CowrieFixture.EVENTS);
        assertThat(parsed.events()).extracting(ThreatEvent::source).containsOnly(CowrieFixture.SOURCE);
        assertThat(parsed.events()).extracting(ThreatEvent::sensorSession).containsOnly(CowrieFixture.SENSOR_SESSION);
        assertThat(parsed.events()).extracting(ThreatEvent::kind).containsSubsequence(EventKind.CONNECT, EventKind.CLIENT_VERSION,
                EventKind.OTHER, EventKind.LOGIN_FAILED, EventKind.LOGIN_SUCCESS, EventKind.COMMAND, EventKind.DOWNLOAD, EventKind.CLOSED);
        ThreatEvent first = parsed.events().getFirst();
        assertThat(first.type()).isEqualTo("cowrie.session.connect");
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-20T10:15:02.118422Z"));
        assertThat(first.sensor()).isEqualTo("hp-fra-1");
        ThreatEvent failed = parsed.events().get(3);
        assertThat(failed.username()).isEqualTo("root");
        assertThat(failed.password()).isEqualTo("123456");
        assertThat(parsed.events()).filteredOn(e -> e.kind() == EventKind.COMMAND).extracting(ThreatEvent::command)
                .startsWith("uname -a").endsWith("exit");
        ThreatEvent download = parsed.events().stream().filter(e -> e.kind() == EventKind.DOWNLOAD).findFirst().orElseThrow();
        assertThat(download.url()).isEqualTo("http://198.51.100.23/xmrig");
        assertThat(download.sha256()).hasSize(64);
        assertThat(parsed.events().get(1).detail()).isEqualTo("SSH-2.0-Go");
        assertThat(parsed.events().getLast().detail()).isEqualTo("duration 42.7 s");
    }

    @Test
    void badLinesAreReportedByLineAndFieldWithoutCostingTheGoodOnes() {
        String body = """
                {"eventid":"cowrie.login.failed","src_ip":"198.51.100.7","timestamp":"2026-11-20T10:00:00Z","username":"a","password":"b"}
                {"eventid":"cowrie.login.failed","src_ip":"not-an-ip","timestamp":"2026-11-20T10:00:00Z"}

                {this is not json
                {"eventid":"cowrie.command.input","src_ip":"198.51.100.7","timestamp":"yesterday"}
                {"kind":"teleport","at":"2026-11-20T10:00:00Z","source":"198.51.100.7"}
                {"kind":"command","at":"2026-11-20T10:00:01+01:00","source":"2001:db8::1","command":"id"}
                {"hello":"world"}
                [1]
                """;

        var parsed = parse(body, true);

        assertThat(parsed.events()).extracting(ThreatEvent::kind).containsExactly(EventKind.LOGIN_FAILED, EventKind.COMMAND);
        assertThat(parsed.events().get(1).at()).isEqualTo(Instant.parse("2026-11-20T09:00:01Z"));
        assertThat(parsed.events().get(1).source()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(parsed.errors()).extracting(LineError::line, LineError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "src_ip"), org.assertj.core.groups.Tuple.tuple(4, ""),
                org.assertj.core.groups.Tuple.tuple(5, "timestamp"), org.assertj.core.groups.Tuple.tuple(6, "kind"),
                org.assertj.core.groups.Tuple.tuple(8, "eventid"), org.assertj.core.groups.Tuple.tuple(9, ""));
    }

    @Test
    void aJsonArrayCountsItsItemsAsLines() {
        var parsed = parse("""
                [{"kind":"login.failed","at":"2026-11-20T10:00:00Z","source":"192.0.2.1","username":"root","password":"x"},
                 {"kind":"login.failed","at":"2026-11-20T10:00:00Z"}]""", false);

        assertThat(parsed.events()).hasSize(1);
        assertThat(parsed.errors()).containsExactly(new LineError(2, "source", "Required, a non-empty string."));
    }

    @Test
    void aBrokenArrayIsMalformedAsAWhole() {
        assertThatThrownBy(() -> parse("[{\"kind\":", false)).isInstanceOf(EventParser.MalformedBody.class);
    }

    @Test
    void attackerStringsAreCutToTheirColumns() {
        var parsed = parse("{\"kind\":\"command\",\"at\":\"2026-11-20T10:00:00Z\",\"source\":\"192.0.2.1\",\"command\":\""
                + "A".repeat(10_000) + "\"}", true);

        assertThat(parsed.events().getFirst().command()).hasSize(4000);
    }
}
