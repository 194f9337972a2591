/** Reading threats: attacker sessions, their timelines, dashboard summaries and the GeoIP database in use. */
@NullMarked
package dev.arena.threats.query;

import org.jspecify.annotations.NullMarked;
