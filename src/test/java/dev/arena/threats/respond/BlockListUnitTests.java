package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlockListUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final BlockList list = new BlockList(List.of(Cidr.parse("192.0.2.0/28")));

    private static BlockList.Entry entry(long id, String cidr, Instant expiresAt) {
        return new BlockList.Entry(id, Cidr.parse(cidr), expiresAt);
    }

    @ParameterizedTest
    @CsvSource({"203.0.113.7,203.0.113.7", "203.0.113.9/24,203.0.113.0/24", "2001:db8::1,2001:db8:0:0:0:0:0:1",
            "2001:db8::ff/32,2001:db8:0:0:0:0:0:0/32", "::ffff:203.0.113.7,203.0.113.7", "0.0.0.0/0,0.0.0.0/0"})
    void addressesAndRangesHaveOneSpelling(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "256.1.1.1", "1.2.3.4/33", "2001:db8::/129", "localhost", "fe80::1%eth0", "1.2.3.4/x", "01.2.3.4.5"})
    void anythingElseIsRefusedWithoutALookup(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingIsBlockedWhileTheListIsEmpty() {
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.blocks("203.0.113.7", NOW)).isFalse();
    }

    @Test
    void aBlockHoldsUntilItExpires() {
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));

        assertThat(list.blocks("203.0.113.7", NOW)).isTrue();
        assertThat(list.blocks("203.0.113.8", NOW)).isFalse();
        assertThat(list.blocks("203.0.113.7", NOW.plusSeconds(60))).isFalse();
        assertThat(list.blocks("not an address", NOW)).isFalse();
    }

    @Test
    void rangesCoverTheirAddressesOfTheirFamilyOnly() {
        list.add(entry(1, "203.0.113.0/24", NOW.plusSeconds(60)));
        list.add(entry(2, "2001:db8::/32", NOW.plusSeconds(60)));

        assertThat(list.blocks("203.0.113.200", NOW)).isTrue();
        assertThat(list.blocks("203.0.114.1", NOW)).isFalse();
        assertThat(list.blocks("2001:db8:1::9", NOW)).isTrue();
        assertThat(list.blocks("2001:db9::9", NOW)).isFalse();
    }

    @Test
    void theAllowListWinsOverAnyBlock() {
        list.add(entry(1, "192.0.2.0/24", NOW.plusSeconds(60)));

        assertThat(list.blocks("192.0.2.5", NOW)).isFalse();
        assertThat(list.blocks("192.0.2.200", NOW)).isTrue();
        assertThat(list.touchesAllowList(Cidr.parse("192.0.0.0/16"))).isTrue();
        assertThat(list.touchesAllowList(Cidr.parse("192.0.2.16/28"))).isFalse();
    }

    @Test
    void liftingOneOfTwoBlocksOfAnAddressLeavesTheOther() {
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));
        list.add(entry(2, "203.0.113.7", NOW.plusSeconds(600)));

        list.remove(2);

        assertThat(list.blocks("203.0.113.7", NOW.plusSeconds(30))).isTrue();
        assertThat(list.blocks("203.0.113.7", NOW.plusSeconds(90))).isFalse();
    }

    @Test
    void aReloadReadBeforeALocalChangeDoesNotUndoIt() {
        long readAt = list.version();
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));

        assertThat(list.replace(List.of(), readAt)).isFalse();
        assertThat(list.blocks("203.0.113.7", NOW)).isTrue();

        assertThat(list.replace(List.of(entry(3, "203.0.113.9", NOW.plusSeconds(60))), list.version())).isTrue();
        assertThat(list.blocks("203.0.113.7", NOW)).isFalse();
        assertThat(list.blocks("203.0.113.9", NOW)).isTrue();
    }
}
