package dev.arena.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CI performance gate's judge. Each hot path is measured in the same JMH run as {@link GateReference}
 * and expressed as its time per operation divided by the reference's, so the speed of the machine and
 * the load on it cancel out. A hot path fails when that ratio is more than {@link #TOLERANCE} above the
 * committed baseline ratio ({@code src/test/resources/perf-baseline.tsv}).
 *
 * <p>Each benchmark's figure is the CPU time per operation that {@link CpuTimeProfiler} recorded (the JMH
 * score, throughput turned into time per operation, when the run had no such profiler), and of that the best
 * (lowest) measured iteration across all forks: other work on a shared machine only ever slows an iteration
 * down, so the best one is the closest to the code's own speed.
 *
 * <p>Run by {@code scripts/bench/gate.sh}:
 * <pre>
 * PerfGate includes &lt;baseline&gt;                       JMH include patterns: the reference and every baseline line
 * PerfGate check &lt;baseline&gt; &lt;jmh result json&gt;...     prints the table; exit status 1 when a hot path regressed
 *                                                    (several results: each benchmark's best over all of them)
 * PerfGate update &lt;baseline&gt; &lt;jmh result json&gt;...    rewrites the baseline with each ratio's slowest over the runs
 * </pre>
 */
public final class PerfGate {

    /** The workload every hot path is divided by. */
    static final String REFERENCE = GateReference.class.getName() + ".sha256Of4KiB";

    /** How much worse than its baseline a ratio may get before the gate fails. */
    static final double TOLERANCE = 0.20;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TAB = Pattern.compile("\t");

    /** A hot path's verdict: {@code ratio} and {@code nsPerOp} are null when the run did not measure it. */
    record Row(String benchmark, @Nullable Double nsPerOp, @Nullable Double ratio, @Nullable Double baseline) {

        @Nullable Double limit() {
            return baseline == null ? null : baseline * (1 + TOLERANCE);
        }

        boolean passes() {
            return ratio != null && baseline != null && ratio <= limit();
        }

        String verdict() {
            if (ratio == null) {
                return "FAIL: not measured";
            }
            if (baseline == null) {
                return "FAIL: no baseline (./arena bench gate --update)";
            }
            return passes() ? "ok" : "FAIL: slower than the limit";
        }
    }

    /** The outcome of one check: the reference's own time, and a row per baseline entry in its order. */
    record Verdict(double referenceNsPerOp, List<Row> rows) {

        boolean passes() {
            return rows.stream().allMatch(Row::passes);
        }
    }

    private PerfGate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            usage();
        }
        Path baseline = Path.of(args[1]);
        switch (args[0]) {
            case "includes" -> includes(readBaseline(baseline)).forEach(System.out::println);
            case "check" -> {
                if (args.length < 3) {
                    usage();
                }
                List<Map<String, Double>> runs = new ArrayList<>();
                for (String result : Arrays.asList(args).subList(2, args.length)) {
                    runs.add(bestNsPerOp(Files.readString(Path.of(result))));
                }
                Verdict verdict = check(readBaseline(baseline), bestOf(runs));
                print(verdict, System.out);
                System.exit(verdict.passes() ? 0 : 1);
            }
            case "update" -> {
                if (args.length < 3) {
                    usage();
                }
                List<Map<String, Double>> runs = new ArrayList<>();
                for (String result : Arrays.asList(args).subList(2, args.length)) {
                    runs.add(bestNsPerOp(Files.readString(Path.of(result))));
                }
                Map<String, Double> updated = slowestRatios(readBaseline(baseline).keySet(), runs);
                Files.writeString(baseline, baselineText(updated));
                updated.forEach((name, ratio) -> System.out.printf(Locale.ROOT, "%-62s %12.4f%n", name, ratio));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: PerfGate includes <baseline> | check <baseline> <jmh.json>... | update <baseline> <jmh.json>...");
        System.exit(2);
    }

    /**
     * The baseline file: one hot path a line, {@code <benchmark>\t<ratio>}; {@code #} starts a comment; a
     * ratio of {@code -} marks a hot path added to the gate whose baseline is still to be measured.
     */
    static Map<String, @Nullable Double> readBaseline(Path file) throws IOException {
        Map<String, @Nullable Double> baseline = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = TAB.split(line.strip());
            if (fields.length != 2) {
                throw new IllegalArgumentException(file + ": expected '<benchmark><TAB><ratio>', got '" + line + "'");
            }
            baseline.put(fields[0], fields[1].equals("-") ? null : Double.valueOf(fields[1]));
        }
        return baseline;
    }

    /** JMH include patterns matching exactly the reference and each hot path of the baseline. */
    static List<String> includes(Map<String, @Nullable Double> baseline) {
        List<String> patterns = new ArrayList<>();
        patterns.add(exactly(REFERENCE));
        baseline.keySet().forEach(name -> patterns.add(exactly(name)));
        return patterns;
    }

    private static String exactly(String benchmark) {
        return "^" + benchmark.replace(".", "\\.") + "$";
    }

    /** Each benchmark of a JMH JSON result with its best iteration, in (CPU) nanoseconds per operation. */
    static Map<String, Double> bestNsPerOp(String jmhJson) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (JsonNode run : JSON.readTree(jmhJson)) {
            JsonNode cpu = run.path("secondaryMetrics").path(CpuTimeProfiler.LABEL);
            JsonNode metric = cpu.isMissingNode() ? run.path("primaryMetric") : cpu;
            String unit = metric.path("scoreUnit").asString();
            double fastest = Double.POSITIVE_INFINITY;
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode iteration : fork) {
                    fastest = Math.min(fastest, nsPerOp(iteration.asDouble(), unit));
                }
            }
            best.put(run.path("benchmark").asString(), fastest);
        }
        return best;
    }

    /** A JMH score as nanoseconds per operation: time units ({@code us/op}) scaled, throughput ({@code ops/s}) inverted. */
    static double nsPerOp(double score, String unit) {
        if (unit.endsWith("/op")) {
            return score * nanos(unit.substring(0, unit.length() - 3));
        }
        if (unit.startsWith("ops/")) {
            return nanos(unit.substring(4)) / score;
        }
        throw new IllegalArgumentException("not a time or throughput unit: " + unit);
    }

    private static double nanos(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> throw new IllegalArgumentException("unknown time unit: " + timeUnit);
        };
    }

    /** Each benchmark's best figure over several runs. */
    static Map<String, Double> bestOf(List<Map<String, Double>> runs) {
        Map<String, Double> best = new LinkedHashMap<>();
        runs.forEach(run -> run.forEach((name, nsPerOp) -> best.merge(name, nsPerOp, Math::min)));
        return best;
    }

    /** Judges one run's figures against the baseline. @throws IllegalArgumentException when the run lacks the reference */
    static Verdict check(Map<String, @Nullable Double> baseline, Map<String, Double> nsPerOp) {
        double reference = reference(nsPerOp);
        List<Row> rows = new ArrayList<>();
        baseline.forEach((name, ratio) -> {
            Double measured = nsPerOp.get(name);
            rows.add(new Row(name, measured, measured == null ? null : measured / reference, ratio));
        });
        return new Verdict(reference, rows);
    }

    private static double reference(Map<String, Double> nsPerOp) {
        Double reference = nsPerOp.get(REFERENCE);
        if (reference == null) {
            throw new IllegalArgumentException("the JMH result lacks the reference " + REFERENCE);
        }
        return reference;
    }

    /**
     * For each hot path, the highest (slowest) of its ratios over several runs (each divided by its own run's
     * reference): a quiet machine's own spread between runs (up to ~40 % for some paths here) then never fails
     * the gate, while a path made 20 % slower than its slowest quiet run does.
     */
    static Map<String, Double> slowestRatios(Iterable<String> benchmarks, List<Map<String, Double>> runs) {
        Map<String, Double> slowest = new LinkedHashMap<>();
        for (String name : benchmarks) {
            double[] ratios = runs.stream().filter(run -> run.containsKey(name)).mapToDouble(run -> run.get(name) / reference(run))
                    .sorted().toArray();
            if (ratios.length == 0) {
                throw new IllegalArgumentException("no run measured " + name);
            }
            slowest.put(name, ratios[ratios.length - 1]);
        }
        return slowest;
    }

    static String baselineText(Map<String, Double> ratios) {
        StringBuilder text = new StringBuilder("""
                # The performance gate's baseline (docs/benchmarks.md, "Performance gate"): each hot path's time per
                # operation divided by the reference's (%s), measured in the same JMH run.
                # The gate fails when a ratio gets more than %d %% above its line. Refresh: ./arena bench gate --update
                """.formatted(REFERENCE, Math.round(TOLERANCE * 100)));
        ratios.forEach((name, ratio) -> text.append(name).append('\t').append(String.format(Locale.ROOT, "%.4f", ratio)).append('\n'));
        return text.toString();
    }

    /** The table, then one line that starts with PASS or FAIL. */
    static void print(Verdict verdict, PrintStream out) {
        out.printf(Locale.ROOT, "%-62s %12s %9s %9s %9s %7s  %s%n", "hot path", "ns/op", "ratio", "baseline", "limit", "change", "verdict");
        out.printf(Locale.ROOT, "%-62s %12.1f %9s %9s %9s %7s  %s%n", REFERENCE, verdict.referenceNsPerOp(), "1", "", "", "", "reference");
        for (Row row : verdict.rows()) {
            out.printf(Locale.ROOT, "%-62s %12s %9s %9s %9s %7s  %s%n", row.benchmark(), format(row.nsPerOp(), "%.1f"),
                    format(row.ratio(), "%.4f"), format(row.baseline(), "%.4f"), format(row.limit(), "%.4f"),
                    row.ratio() == null || row.baseline() == null ? "" : String.format(Locale.ROOT, "%+.0f%%", 100 * (row.ratio() / row.baseline() - 1)),
                    row.verdict());
        }
        List<Row> failed = verdict.rows().stream().filter(row -> !row.passes()).toList();
        out.println(failed.isEmpty()
                ? "PASS: " + verdict.rows().size() + " hot paths within " + Math.round(TOLERANCE * 100) + " % of their baseline ratio"
                : "FAIL: " + failed.stream().map(PerfGate::failure).reduce((a, b) -> a + "; " + b).orElseThrow());
    }

    private static String failure(Row row) {
        if (row.ratio() == null || row.baseline() == null) {
            return row.benchmark() + " " + row.verdict().substring("FAIL: ".length());
        }
        return String.format(Locale.ROOT, "%s ratio %.4f > limit %.4f (baseline %.4f × %.2f)", row.benchmark(), row.ratio(), row.limit(),
                row.baseline(), 1 + TOLERANCE);
    }

    private static String format(@Nullable Double value, String pattern) {
        return value == null ? "" : String.format(Locale.ROOT, pattern, value);
    }
}
