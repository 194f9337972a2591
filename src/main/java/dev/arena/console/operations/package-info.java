/** Pages for those who run Arena: a project's one audit log and the latency of the main operations. */
@NullMarked
package dev.arena.console.operations;

import org.jspecify.annotations.NullMarked;
