package dev.arena.threats.ingest;

/**
 * Why one line of an ingest request was not accepted. {@code line} counts from 1: the line of an NDJSON
 * body, or the position in a JSON array.
 */
public record LineError(int line, String field, String message) {
}
