/** JMH benchmarks of Arena's hot code paths; run by {@code ./arena bench}, never by {@code ./arena test}. */
@NullMarked
package dev.arena.bench;

import org.jspecify.annotations.NullMarked;
