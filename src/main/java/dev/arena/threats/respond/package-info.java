/**
 * Declarative response policies (the built-in set, or a project's own) and what they do: blocks of addresses at
 * Arena's API (with their filter and API), stopping an offender's instances, alerts; idempotent, rate-limited,
 * expiring, escalating and audited.
 */
@NullMarked
package dev.arena.threats.respond;

import org.jspecify.annotations.NullMarked;
