/** How the platform's services are wired: settings, filters, problem handling, locks and worker ids. */
@NullMarked
package dev.arena.platform.internal;

import org.jspecify.annotations.NullMarked;
