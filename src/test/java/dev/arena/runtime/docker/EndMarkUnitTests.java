package dev.arena.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndMarkUnitTests {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theMarkCountsOnlyOnceItsLineIsWhole() {
        var mark = new EndMark("\u001eend 42 ");
        assertThat(mark.seenIn(bytes("output\n\u001eend 42 "))).isFalse();
        assertThat(mark.seenIn(bytes("0"))).isFalse();
        assertThat(mark.seenIn(bytes("\n"))).isTrue();
        assertThat(mark.seen()).isTrue();
    }

    @Test
    void chunksMaySplitTheMarkAnywhere() {
        String line = "é and more\n\u001eend 42 3\n";
        byte[] all = bytes(line);
        for (int cut = 1; cut < all.length; cut++) {
            var mark = new EndMark("\u001eend 42 ");
            byte[] first = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertThat(mark.seenIn(first) || mark.seenIn(second)).as("cut at %d", cut).isTrue();
        }
    }

    @Test
    void anotherMarkOrAMarkWithoutItsLineFeedIsNotTheEnd() {
        var mark = new EndMark("\u001eend 42 ");
        assertThat(mark.seenIn(bytes("\u001eend 41 0\n"))).isFalse();
        assertThat(mark.seenIn(bytes("x".repeat(10_000)))).isFalse();
        assertThat(mark.seen()).isFalse();
        assertThatThrownBy(() -> new EndMark("two\nlines")).isInstanceOf(IllegalArgumentException.class);
    }
}
