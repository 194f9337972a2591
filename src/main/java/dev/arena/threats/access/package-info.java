/** Who may read and act on a project's threats, Arena's own scope (project 0, its operators') included. */
@NullMarked
package dev.arena.threats.access;

import org.jspecify.annotations.NullMarked;
