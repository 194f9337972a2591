package dev.arena.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.arena.bench.CpuTimeProfiler}) that adds the CPU time the benchmark's own
 * threads (JMH's workers) spent per operation in each iteration, as the secondary metric {@value #LABEL} in
 * ns/op. On a shared machine a benchmark's wall-clock time swings with whatever else runs (2–5× here); the
 * CPU its thread spends moves far less, because time spent waiting for a core is not counted. The JIT
 * compiler's and the garbage collector's threads are left out, so neither a late compilation nor a
 * collector that other processes' load delays lands on the benchmark; allocation itself is still counted.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The secondary metric's name in JMH's results. */
    public static final String LABEL = "·cpu";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        cpuAtStart = workersCpu();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
        long ops = result.getMetadata().getMeasuredOps();
        if (ops == 0) {
            return List.of();
        }
        return List.of(new ScalarResult(LABEL, (double) (workersCpu() - cpuAtStart) / ops, "ns/op", AggregationPolicy.AVG));
    }

    /** The CPU time so far of JMH's worker threads (named {@code <benchmark>-jmh-worker-<n>}), in nanoseconds. */
    private long workersCpu() {
        long total = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains("-jmh-worker-")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }
}
