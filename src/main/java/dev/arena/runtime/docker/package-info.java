/** The Docker adapter of the container runtime port, on docker-java over the Engine API. */
@NullMarked
package dev.arena.runtime.docker;

import org.jspecify.annotations.NullMarked;
