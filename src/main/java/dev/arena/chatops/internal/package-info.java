/**
 * Everything behind chat-ops, in one package so that it stays package-private: the settings vault, the
 * scheduler, the command layer, role mappings, links, managed containers, the mech and their controllers.
 */
@NullMarked
package dev.arena.chatops.internal;

import org.jspecify.annotations.NullMarked;
