package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlockListUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final BlockList list = new BlockList(List.of(Cidr.parse("192.0.2.0/28")));

    /** Arena's own scope, whose blocks hold on every route; and a route of no project. */
    private static final long ARENA = 0;
    private static final long PROJECT = 7;
    private static final long OTHER_PROJECT = 8;

    /** A block of Arena's own scope. */
    private static BlockList.Entry entry(long id, String cidr, Instant expiresAt) {
        return new BlockList.Entry(id, ARENA, Cidr.parse(cidr), expiresAt);
    }

    private static BlockList.Entry entryOf(long project, long id, String cidr) {
        return new BlockList.Entry(id, project, Cidr.parse(cidr), NOW.plusSeconds(60));
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
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW)).isFalse();
    }

    @Test
    void aBlockHoldsUntilItExpires() {
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));

        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW)).isTrue();
        assertThat(list.blocks("203.0.113.8", () -> ARENA, NOW)).isFalse();
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW.plusSeconds(60))).isFalse();
        assertThat(list.blocks("not an address", () -> ARENA, NOW)).isFalse();
    }

    @Test
    void rangesCoverTheirAddressesOfTheirFamilyOnly() {
        list.add(entry(1, "203.0.113.0/24", NOW.plusSeconds(60)));
        list.add(entry(2, "2001:db8::/32", NOW.plusSeconds(60)));

        assertThat(list.blocks("203.0.113.200", () -> ARENA, NOW)).isTrue();
        assertThat(list.blocks("203.0.114.1", () -> ARENA, NOW)).isFalse();
        assertThat(list.blocks("2001:db8:1::9", () -> ARENA, NOW)).isTrue();
        assertThat(list.blocks("2001:db9::9", () -> ARENA, NOW)).isFalse();
    }

    @Test
    void theAllowListWinsOverAnyBlock() {
        list.add(entry(1, "192.0.2.0/24", NOW.plusSeconds(60)));

        assertThat(list.blocks("192.0.2.5", () -> ARENA, NOW)).isFalse();
        assertThat(list.blocks("192.0.2.200", () -> ARENA, NOW)).isTrue();
        assertThat(list.touchesAllowList(Cidr.parse("192.0.0.0/16"))).isTrue();
        assertThat(list.touchesAllowList(Cidr.parse("192.0.2.16/28"))).isFalse();
    }

    @Test
    void liftingOneOfTwoBlocksOfAnAddressLeavesTheOther() {
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));
        list.add(entry(2, "203.0.113.7", NOW.plusSeconds(600)));

        list.remove(2);

        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW.plusSeconds(30))).isTrue();
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW.plusSeconds(90))).isFalse();
    }

    @Test
    void aReloadReadBeforeALocalChangeDoesNotUndoIt() {
        long readAt = list.version();
        list.add(entry(1, "203.0.113.7", NOW.plusSeconds(60)));

        assertThat(list.replace(List.of(), readAt)).isFalse();
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW)).isTrue();

        assertThat(list.replace(List.of(entry(3, "203.0.113.9", NOW.plusSeconds(60))), list.version())).isTrue();
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW)).isFalse();
        assertThat(list.blocks("203.0.113.9", () -> ARENA, NOW)).isTrue();
    }

    @Test
    void aProjectsBlockHoldsOnItsOwnRoutesOnly() {
        list.add(entryOf(PROJECT, 1, "203.0.113.7"));
        list.add(entryOf(PROJECT, 2, "198.51.100.0/24"));

        assertThat(list.blocks("203.0.113.7", () -> PROJECT, NOW)).isTrue();
        assertThat(list.blocks("198.51.100.9", () -> PROJECT, NOW)).isTrue();
        assertThat(list.blocks("203.0.113.7", () -> OTHER_PROJECT, NOW)).as("another tenant's routes").isFalse();
        assertThat(list.blocks("198.51.100.9", () -> OTHER_PROJECT, NOW)).isFalse();
        assertThat(list.blocks("203.0.113.7", () -> ARENA, NOW)).as("routes of no project: sign-in, tiers").isFalse();
        assertThat(list.blocks("198.51.100.9", () -> ARENA, NOW)).isFalse();
    }

    @Test
    void arenasOwnBlocksHoldOnEveryRoute() {
        list.add(entryOf(ARENA, 1, "203.0.113.7"));
        list.add(entryOf(ARENA, 2, "198.51.100.0/24"));

        for (long route : new long[] {ARENA, PROJECT, OTHER_PROJECT}) {
            assertThat(list.blocks("203.0.113.7", () -> route, NOW)).isTrue();
            assertThat(list.blocks("198.51.100.9", () -> route, NOW)).isTrue();
        }
    }

    @Test
    void theRoutesProjectIsReadOnlyWhenAProjectsBlockCoversTheAddress() {
        list.add(entryOf(PROJECT, 1, "203.0.113.7"));
        list.add(entryOf(ARENA, 2, "198.51.100.0/24"));
        LongSupplier unread = () -> {
            throw new AssertionError("the route's project was read");
        };

        assertThat(list.blocks("203.0.113.8", unread, NOW)).isFalse();
        assertThat(list.blocks("198.51.100.9", unread, NOW)).as("Arena's block holds without it").isTrue();
        assertThat(list.blocks("203.0.113.7", () -> PROJECT, NOW)).isTrue();
    }
}
