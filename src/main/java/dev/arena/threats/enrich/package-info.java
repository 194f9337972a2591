/** What an event is enriched with: the source's country and network (GeoIP) and MITRE ATT&CK techniques (rules). */
@NullMarked
package dev.arena.threats.enrich;

import org.jspecify.annotations.NullMarked;
