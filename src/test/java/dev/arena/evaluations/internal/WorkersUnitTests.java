package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class WorkersUnitTests {

    @Test
    void workersThatCouldTakeEveryEngineSlotStopTheStart() {
        assertThatIllegalStateException().isThrownBy(() -> Workers.requireSpareEngineSlots(10, 10))
                .withMessageContaining("arena.runtime.concurrency (10)")
                .withMessageContaining("arena.evaluations.workers (10)")
                .withMessageContaining("to 12 or more");
        assertThatIllegalStateException().isThrownBy(() -> Workers.requireSpareEngineSlots(9, 10));
    }

    @Test
    void sparesBeyondTheWorkersOrNoWorkersAtAllStart() {
        assertThatCode(() -> Workers.requireSpareEngineSlots(8, 10)).doesNotThrowAnyException();
        assertThatCode(() -> Workers.requireSpareEngineSlots(4, 10)).doesNotThrowAnyException();
        assertThatCode(() -> Workers.requireSpareEngineSlots(0, 1)).doesNotThrowAnyException();
    }
}
