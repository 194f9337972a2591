/** The evaluation queue in the database, its workers, the sandbox runner and the HTTP API. */
@NullMarked
package dev.arena.evaluations.internal;

import org.jspecify.annotations.NullMarked;
