/**
 * Everything behind the instances API, in one package so that all of it stays package-private: the
 * controllers, the stores, the container wiring, the reaper and reconciliation, and the settings.
 */
@NullMarked
package dev.arena.instances.internal;

import org.jspecify.annotations.NullMarked;
