package dev.arena.threats.ingest;

/**
 * The partitions of the threat pipeline's work: every event of one (project, source) falls into the same one,
 * on every node and across restarts (the hash is {@link String#hashCode()}'s, which the language fixes), so
 * that the node holding a partition sessionizes all of its sources alone.
 */
public final class Partitions {

    /** How many partitions there are: enough to share fairly among a few dozen nodes. */
    public static final int COUNT = 64;

    private Partitions() {
    }

    /** The partition of a source's events in a project, from 0 to {@link #COUNT} - 1. */
    public static int of(long projectId, String source) {
        int hash = 31 * Long.hashCode(projectId) + source.hashCode();
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        return Math.floorMod(hash, COUNT);
    }
}
