/** How the runtime is wired: the bounded operation queue in front of the engine and the adapter bean. */
@NullMarked
package dev.arena.runtime.internal;

import org.jspecify.annotations.NullMarked;
