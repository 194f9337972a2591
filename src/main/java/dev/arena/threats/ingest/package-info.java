/**
 * Getting security events in: the ingest API (JSON array or NDJSON, Cowrie's events and Arena's own shape),
 * Arena's own modules' events, and the bounded, durable inbox that hands them to the pipeline.
 */
@NullMarked
package dev.arena.threats.ingest;

import org.jspecify.annotations.NullMarked;
