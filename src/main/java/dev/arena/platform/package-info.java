/**
 * The shared kernel: ids, time, sealing secrets, rate limiting, client addresses, problem responses,
 * periodic-job locks and caches whose invalidations reach every node. Small and free of any domain.
 */
@NullMarked
@ApplicationModule(displayName = "Platform")
package dev.arena.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
