package dev.arena.instances.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one start: each {@link #lap} ends a phase that began where the previous one ended, and
 * {@link #record} puts them all into the timer {@value #METRIC}{@code {phase, path}} once the start knows
 * its path ({@code cold} or {@code pooled}). Phases: {@code reserve} (the instance row, under the project's
 * policy lock), {@code take} (a container from the warm pool), {@code create}, {@code record} (the container
 * id on the instance), {@code flag} (pooled: the flag written over the container's placeholder),
 * {@code alive} (pooled: the container confirmed running), {@code start}, {@code inspect} (where the ports
 * are published), {@code running} (the instance recorded running, with its audit entry, and read back). Not thread-safe: one start, one thread.
 */
final class StartPhases {

    static final String METRIC = "arena.instances.start.phase";

    private record Phase(String name, long nanos) {
    }

    private final MeterRegistry meters;
    private final List<Phase> phases = new ArrayList<>(8);
    private long lapStart = System.nanoTime();

    StartPhases(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Ends the current phase under this name and begins the next. */
    void lap(String phase) {
        long now = System.nanoTime();
        phases.add(new Phase(phase, now - lapStart));
        lapStart = now;
    }

    /** Records the phases that ended, tagged with the start's path. */
    void record(String path) {
        for (Phase phase : phases) {
            Timer.builder(METRIC).description("one phase of an instance start").tag("phase", phase.name()).tag("path", path)
                    .register(meters).record(phase.nanos(), TimeUnit.NANOSECONDS);
        }
        phases.clear();
    }
}
