/** JMH benchmarks of Arena's hot code paths, run by {@code ./arena bench}; the performance gate ({@link dev.arena.bench.PerfGate}) runs its share of them at the end of {@code ./arena test}. */
@NullMarked
package dev.arena.bench;

import org.jspecify.annotations.NullMarked;
