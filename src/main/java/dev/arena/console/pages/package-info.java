/** Sign-in, the project picker, and what every console page shares: the model, problem pages, routes. */
@NullMarked
package dev.arena.console.pages;

import org.jspecify.annotations.NullMarked;
