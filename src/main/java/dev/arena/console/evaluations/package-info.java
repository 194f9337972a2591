/** Code evaluations in the console: submit a program and watch its result arrive; the operators' queue. */
@NullMarked
package dev.arena.console.evaluations;

import org.jspecify.annotations.NullMarked;
