package dev.arena.evaluations.internal;

/**
 * The limits one evaluation runs under, already checked against the node's maxima.
 *
 * @param wallMs      wall time of one run, in milliseconds
 * @param memoryBytes memory, swap not added
 * @param pids        processes and threads at once
 * @param outputBytes bytes kept of stdout and of stderr each; more is {@code output_limit}
 */
record Limits(long wallMs, long memoryBytes, int pids, int outputBytes) {
}
