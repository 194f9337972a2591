/** Arena's application root; every sub-package is one module. */
@NullMarked
package dev.arena;

import org.jspecify.annotations.NullMarked;
