/**
 * The container runtime port: what Arena asks of a container engine, the hardened container spec it
 * asks with, the value records it gets back and the closed set of failures it may see.
 */
@NullMarked
@NamedInterface("spi")
package dev.arena.runtime.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
