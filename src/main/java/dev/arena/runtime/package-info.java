/**
 * Runs Arena's containers. Other modules use the {@link dev.arena.runtime.spi.ContainerRuntime} port from
 * the named interface {@code spi}; the Docker adapter behind it, and the bounded operation queue in front
 * of the engine, are internal. {@link dev.arena.runtime.RuntimeSettings} holds the settings, prefix
 * {@code arena.runtime}.
 */
@NullMarked
@ApplicationModule(displayName = "Container runtime", allowedDependencies = "platform")
package dev.arena.runtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
