/** Operators' pages over chat-ops: managed containers with their actions and logs, the scheduler, runtime settings. */
@NullMarked
package dev.arena.console.chatops;

import org.jspecify.annotations.NullMarked;
