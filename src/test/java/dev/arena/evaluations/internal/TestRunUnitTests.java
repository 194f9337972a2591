package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestRunUnitTests {

    private static RunResult run(Status status, String stdout) {
        return new RunResult(status, status == Status.TIME_LIMIT ? null : 0, stdout, "", false, false, 1, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void outputIsComparedWithoutTrailingWhiteSpace() {
        assertThat(TestRun.verdict(run(Status.COMPLETED, "4\n"), new TestCase("", "4"))).isEqualTo("accepted");
        assertThat(TestRun.verdict(run(Status.COMPLETED, "4 \n\n"), new TestCase("", "4\n"))).isEqualTo("accepted");
        assertThat(TestRun.verdict(run(Status.COMPLETED, " 4\n"), new TestCase("", "4"))).isEqualTo("wrong_answer");
    }

    @Test
    void aFailedRunIsJudgedByItsStatus() {
        assertThat(TestRun.verdict(run(Status.TIME_LIMIT, "4"), new TestCase("", "4"))).isEqualTo("time_limit");
    }
}
