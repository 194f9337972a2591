package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsUnitTests {

    private final Clock frozen = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void idsFromOneGeneratorStrictlyIncreaseEvenWithinOneMillisecond() {
        Ids ids = new Ids(frozen, 7);
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long next = ids.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void twoWorkersNeverShareAnId() {
        Ids a = new Ids(frozen, 1);
        Ids b = new Ids(frozen, 2);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            assertThat(seen.add(a.next())).isTrue();
            assertThat(seen.add(b.next())).isTrue();
        }
    }

    @Test
    void concurrentCallersGetDistinctIds() {
        Ids ids = new Ids(Clock.systemUTC(), 3);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel().forEach(i -> assertThat(seen.add(ids.next())).isTrue());
        assertThat(seen).hasSize(200_000);
    }

    @Test
    void anIdCarriesItsTimeAndIsPositive() {
        long id = new Ids(frozen, Ids.MAX_WORKER_ID).next();
        assertThat(id).isPositive();
        assertThat(Ids.timeOf(id)).isEqualTo(frozen.instant());
    }

    @Test
    void workerIdsOutsideTenBitsAreRefused() {
        assertThatThrownBy(() -> new Ids(frozen, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ids(frozen, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsingAMalformedIdIsANotFound() {
        assertThat(Ids.parse("12345", "thing")).isEqualTo(12345L);
        for (String bad : new String[] {"", "abc", "-5", "0", "99999999999999999999999"}) {
            assertThatThrownBy(() -> Ids.parse(bad, "thing")).isInstanceOf(ResourceNotFound.class);
        }
    }
}
