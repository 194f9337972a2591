/** How the platform's services are wired: settings, filters, problem handling, locks, worker ids and
 * the broadcast of cache invalidations between nodes. */
@NullMarked
package dev.arena.platform.internal;

import org.jspecify.annotations.NullMarked;
