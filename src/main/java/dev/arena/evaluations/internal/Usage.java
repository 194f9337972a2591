package dev.arena.evaluations.internal;

import org.jspecify.annotations.Nullable;

/**
 * What one run used, as the sandbox's runner read it from the container's cgroup before and after the
 * program: {@code cpuBefore unit oomBefore cpuAfter unit oomAfter peak}, the unit {@code us} (cgroup v2)
 * or {@code ns} (v1), {@code -} for a figure the kernel does not offer.
 *
 * @param cpuMs      CPU time of the program and its children, in milliseconds; null when unknown
 * @param memoryPeak the container's peak memory so far, in bytes; null when unknown
 * @param oomKills   processes the OOM killer ended during the run
 */
record Usage(@Nullable Long cpuMs, @Nullable Long memoryPeak, long oomKills) {

    /** Reads the runner's figures; null when they are not in its format. */
    static @Nullable Usage parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 7) {
            return null;
        }
        try {
            Long before = number(f[0]);
            Long after = number(f[3]);
            long perMs = f[1].equals("us") ? 1_000 : 1_000_000;
            Long cpuMs = before == null || after == null ? null : (after - before) / perMs;
            Long oomBefore = number(f[2]);
            Long oomAfter = number(f[5]);
            long kills = oomBefore == null || oomAfter == null ? 0 : oomAfter - oomBefore;
            return new Usage(cpuMs, number(f[6]), kills);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Long number(String field) {
        return field.equals("-") ? null : Long.parseLong(field);
    }
}
