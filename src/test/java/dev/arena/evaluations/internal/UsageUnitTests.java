package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The runner's cgroup figures, as cgroup v2 and v1 give them. */
class UsageUnitTests {

    @Test
    void cgroupV2CountsMicroseconds() {
        var usage = Usage.parse("1000 us 0 251000 us 1 104857600\n");
        assertThat(usage).isEqualTo(new Usage(250L, 104_857_600L, 1));
    }

    @Test
    void cgroupV1CountsNanoseconds() {
        var usage = Usage.parse("2000000 ns 3 502000000 ns 3 8192");
        assertThat(usage).isEqualTo(new Usage(500L, 8192L, 0));
    }

    @Test
    void figuresTheKernelDoesNotOfferAreUnknown() {
        assertThat(Usage.parse("- ns - - ns - -")).isEqualTo(new Usage(null, null, 0));
    }

    @Test
    void anythingElseIsNotTheRunners() {
        assertThat(Usage.parse("forged by the program")).isNull();
        assertThat(Usage.parse("1 us 0 x us 0 1")).isNull();
    }
}
