/** The identity audit log: every {@link dev.arena.identity.IdentityEvent}, written where it happened. */
@NullMarked
package dev.arena.identity.audit;

import org.jspecify.annotations.NullMarked;
