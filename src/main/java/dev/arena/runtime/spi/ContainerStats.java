package dev.arena.runtime.spi;

import java.time.Instant;

/**
 * One sample of a container's resource use; zero where the engine reports nothing (e.g. it is stopped).
 *
 * @param readAt             when the engine took the sample
 * @param memoryUsageBytes   memory in use
 * @param memoryLimitBytes   its memory limit
 * @param cpuUsageNanos      CPU time used since it started, all cores together
 * @param systemCpuUsageNanos the host's CPU time at the same moment, for computing a share between samples
 * @param onlineCpus         the host's CPUs
 * @param pids               processes and threads running in it
 */
public record ContainerStats(
        Instant readAt,
        long memoryUsageBytes,
        long memoryLimitBytes,
        long cpuUsageNanos,
        long systemCpuUsageNanos,
        long onlineCpus,
        long pids) {
}
