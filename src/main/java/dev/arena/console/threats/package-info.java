/** The threat dashboard: events per minute, top sources, techniques and countries, sessions with timelines, blocks. */
@NullMarked
package dev.arena.console.threats;

import org.jspecify.annotations.NullMarked;
