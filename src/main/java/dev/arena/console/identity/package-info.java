/** Project admins' pages over the identity module: who holds which role on a project. */
@NullMarked
package dev.arena.console.identity;

import org.jspecify.annotations.NullMarked;
