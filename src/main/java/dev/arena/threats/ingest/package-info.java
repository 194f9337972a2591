/**
 * Getting security events in: the ingest API (JSON array or NDJSON, Cowrie's events and Arena's own shape),
 * Arena's own modules' events, the bounded, durable inbox that hands them to the pipeline, and the partitions
 * of (project, source) by which the nodes sharing a database split that work.
 */
@NullMarked
package dev.arena.threats.ingest;

import org.jspecify.annotations.NullMarked;
