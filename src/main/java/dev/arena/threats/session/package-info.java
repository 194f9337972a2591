/** The pipeline stage that groups enriched events into attacker sessions and stores them, and its retention. */
@NullMarked
package dev.arena.threats.session;

import org.jspecify.annotations.NullMarked;
