/**
 * The shared kernel: ids, time, sealing secrets, rate limiting, client addresses, problem responses and
 * periodic-job locks. Small and free of any domain.
 */
@NullMarked
@ApplicationModule(displayName = "Platform")
package dev.arena.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
