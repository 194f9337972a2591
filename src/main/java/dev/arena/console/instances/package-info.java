/** Players' challenge pages (start, extend, stop, countdown, flag), writers' challenge setup and operators' instance list. */
@NullMarked
package dev.arena.console.instances;

import org.jspecify.annotations.NullMarked;
