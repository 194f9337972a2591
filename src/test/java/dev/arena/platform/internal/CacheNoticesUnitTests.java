package dev.arena.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.platform.internal.CacheNotices.Notice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The text of cache notices: what goes into a NOTIFY payload and what comes out, without a database. */
class CacheNoticesUnitTests {

    @Test
    void keysComeBackAsTheyWereSentInOnePayload() {
        List<String> payloads = CacheNotices.encode("instances.latest", List.of("42:user-7", "42:team-3"));

        assertThat(payloads).containsExactly("instances.latest\n42:user-7\n42:team-3");
        assertThat(CacheNotices.decode(payloads.getFirst())).isEqualTo(new Notice.Keys("instances.latest", List.of("42:user-7", "42:team-3")));
    }

    @Test
    void backslashesLineBreaksAndNulsInKeysSurviveTheTrip() {
        List<String> keys = List.of("a\\b", "line\nbreak", "nul\0here", "\\n", "", "ends\\");

        List<String> payloads = CacheNotices.encode("test", keys);

        assertThat(payloads).hasSize(1);
        assertThat(payloads.getFirst()).doesNotContain("\0").contains("line\\nbreak");
        assertThat(CacheNotices.decode(payloads.getFirst())).isEqualTo(new Notice.Keys("test", keys));
    }

    @Test
    void manyKeysAreSpreadOverPayloadsPostgresTakes() {
        List<String> keys = IntStream.range(0, 3000).mapToObj(i -> "é-" + i + ":user-" + (1_000_000 + i)).toList();

        List<String> payloads = CacheNotices.encode("instances.latest", keys);

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload ->
                assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CacheNotices.MAX_PAYLOAD_BYTES));
        assertThat(payloads.stream().map(CacheNotices::decode)
                .flatMap(notice -> ((Notice.Keys) notice).keys().stream()).toList()).isEqualTo(keys);
    }

    @Test
    void aKeyFillingAPayloadToTheLastByteStillTravelsAsAKey() {
        String longest = "k".repeat(CacheNotices.MAX_PAYLOAD_BYTES - "test\n".length());

        assertThat(CacheNotices.encode("test", List.of(longest))).singleElement()
                .satisfies(payload -> assertThat(payload.length()).isEqualTo(CacheNotices.MAX_PAYLOAD_BYTES));
        assertThat(CacheNotices.encode("test", List.of(longest + "k"))).containsExactly("test");
    }

    @Test
    void aKeyTooLongForAnyPayloadForgetsTheWholeCache() {
        String huge = "k".repeat(CacheNotices.MAX_PAYLOAD_BYTES);

        List<String> payloads = CacheNotices.encode("test", List.of("small", huge));

        assertThat(payloads).containsExactly("test");
        assertThat(CacheNotices.decode("test")).isEqualTo(new Notice.Everything("test"));
    }

    @Test
    void aWholeCacheIsForgottenByItsNameAlone() {
        assertThat(CacheNotices.decode(CacheNotices.everything("access.org-roles"))).isEqualTo(new Notice.Everything("access.org-roles"));
        assertThatThrownBy(() -> CacheNotices.everything("Not A Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noKeysNeedNoPayload() {
        assertThat(CacheNotices.encode("test", List.of())).isEmpty();
    }

    @Test
    void anEmptyKeyIsAKeyNotEverything() {
        assertThat(CacheNotices.decode("test\n")).isEqualTo(new Notice.Keys("test", List.of("")));
    }

    @Test
    void whatIsNoCacheNoticeIsRefused() {
        assertThatThrownBy(() -> CacheNotices.encode("Bad Name", List.of("k"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheNotices.decode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheNotices.decode("3\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheNotices.decode("test\nbad\\x")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> CacheNotices.decode("test\nlone\\")).hasMessageContaining("lone backslash");
    }
}
