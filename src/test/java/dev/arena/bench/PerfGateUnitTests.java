package dev.arena.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance gate's judge on JMH results written by hand: a regression past 20 % of the baseline
 * ratio fails, one within it passes, whatever the machine's speed (the reference moves with it).
 */
class PerfGateUnitTests {

    static final String HOT = "dev.arena.bench.Example.hotPath";
    static final String THROUGHPUT = "dev.arena.bench.Example.throughput";

    /** A JMH JSON entry: AverageTime in ns/op, with one fork of iterations and the gate's CPU-time metric. */
    static String avgt(String benchmark, double... cpuNsPerOp) {
        return """
                {"benchmark": "%s", "mode": "avgt",
                 "primaryMetric": {"score": 1.0, "scoreUnit": "ns/op", "rawData": [[1.0]]},
                 "secondaryMetrics": {"%s": {"score": 1.0, "scoreUnit": "ns/op", "rawData": [%s]}}}"""
                .formatted(benchmark, CpuTimeProfiler.LABEL, toList(cpuNsPerOp));
    }

    /** A JMH JSON entry in Throughput mode (ops/ms) without the CPU-time metric: two forks. */
    static String thrpt(String benchmark, double[] fork1, double[] fork2) {
        return """
                {"benchmark": "%s", "mode": "thrpt",
                 "primaryMetric": {"score": 1.0, "scoreUnit": "ops/ms", "rawData": [%s, %s]}}"""
                .formatted(benchmark, toList(fork1), toList(fork2));
    }

    private static List<Double> toList(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    static Map<String, Double> run(String... entries) {
        return PerfGate.bestNsPerOp("[" + String.join(",", entries) + "]");
    }

    static Map<String, @Nullable Double> baseline(String benchmark, @Nullable Double ratio) {
        Map<String, @Nullable Double> baseline = new LinkedHashMap<>();
        baseline.put(benchmark, ratio);
        return baseline;
    }

    @Test
    void aTwentyFivePercentRegressionFailsAndFifteenPercentPasses() {
        // Baseline: the hot path costs 10 references. On a machine twice as slow, 25 % worse is 25 references.
        var baseline = baseline(HOT, 10.0);

        var regressed = PerfGate.check(baseline, run(avgt(PerfGate.REFERENCE, 2000, 2100), avgt(HOT, 25_000, 26_000)));
        var withinTolerance = PerfGate.check(baseline, run(avgt(PerfGate.REFERENCE, 1000, 1100), avgt(HOT, 11_500, 12_000)));

        assertThat(regressed.passes()).isFalse();
        assertThat(regressed.rows()).singleElement().satisfies(row -> {
            assertThat(row.ratio()).isEqualTo(12.5);
            assertThat(row.limit()).isEqualTo(12.0);
        });
        assertThat(withinTolerance.passes()).isTrue();
        assertThat(withinTolerance.rows().getFirst().ratio()).isEqualTo(11.5);
    }

    @Test
    void aSlowFirstRunPassesWhenTheConfirmingRunIsWithinTheLimitButARealRegressionFailsBoth() {
        var baseline = baseline(HOT, 10.0);
        var disturbed = run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 14_000));
        var quiet = run(avgt(PerfGate.REFERENCE, 1100), avgt(HOT, 11_000));
        var regressedAgain = run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 13_000));

        assertThat(PerfGate.check(baseline, PerfGate.bestOf(List.of(disturbed, quiet))).passes()).isTrue();
        assertThat(PerfGate.check(baseline, PerfGate.bestOf(List.of(disturbed, regressedAgain))).passes()).isFalse();
    }

    @Test
    void throughputIsTurnedIntoTimeSoFewerOperationsPerSecondIsSlower() {
        // 1,000 ops/ms = 1,000 ns/op; the best of both forks counts. Baseline 1.0 against a 1,000 ns reference.
        var baseline = baseline(THROUGHPUT, 1.0);
        var reference = avgt(PerfGate.REFERENCE, 1000);

        var faster = PerfGate.check(baseline, run(reference, thrpt(THROUGHPUT, new double[] {700, 900}, new double[] {1000, 950})));
        var slower = PerfGate.check(baseline, run(reference, thrpt(THROUGHPUT, new double[] {790, 800}, new double[] {780, 700})));

        assertThat(faster.rows().getFirst().nsPerOp()).isEqualTo(1000.0);
        assertThat(faster.passes()).isTrue();
        assertThat(slower.rows().getFirst().ratio()).isEqualTo(1.25);
        assertThat(slower.passes()).as("800 ops/ms is 25 % more time per operation than 1,000").isFalse();
    }

    @Test
    void aHotPathTheRunDidNotMeasureOrWithoutABaselineFails() {
        var measured = run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 1000));

        assertThat(PerfGate.check(baseline(HOT, null), measured).passes()).isFalse();
        assertThat(PerfGate.check(baseline("dev.arena.bench.Example.gone", 1.0), measured).passes()).isFalse();
        assertThatThrownBy(() -> PerfGate.check(baseline(HOT, 1.0), run(avgt(HOT, 1000)))).hasMessageContaining(PerfGate.REFERENCE);
    }

    @Test
    void theTableNamesTheFailingHotPathItsRatioBaselineAndLimit() {
        var verdict = PerfGate.check(baseline(HOT, 10.0), run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 12_500)));
        var text = new ByteArrayOutputStream();

        PerfGate.print(verdict, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(text.toString(StandardCharsets.UTF_8).lines().toList().getLast())
                .isEqualTo("FAIL: " + HOT + " ratio 12.5000 > limit 12.0000 (baseline 10.0000 × 1.20)");
    }

    @Test
    void anUpdateWritesEachRatiosSlowestOverTheRunsAndReadsBackTheSame(@TempDir Path dir) throws IOException {
        var runs = List.of(run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 3000)), run(avgt(PerfGate.REFERENCE, 2000), avgt(HOT, 4000)),
                run(avgt(PerfGate.REFERENCE, 1000), avgt(HOT, 2500)));
        Path file = dir.resolve("baseline.tsv");

        Files.writeString(file, PerfGate.baselineText(PerfGate.slowestRatios(List.of(HOT), runs)));

        assertThat(PerfGate.readBaseline(file)).containsExactly(Map.entry(HOT, 3.0));
    }

    @Test
    void theCommittedBaselineNamesOnlyBenchmarksThatExistWithARatioEach() throws IOException {
        var baseline = PerfGate.readBaseline(Path.of("src/test/resources/perf-baseline.tsv"));
        Set<String> benchmarks = Set.copyOf(Files.readAllLines(Path.of("target/test-classes/META-INF/BenchmarkList")).stream()
                .map(line -> line.split(" ")).filter(f -> f.length > 9).map(f -> f[3] + "." + f[9]).toList());

        assertThat(baseline).isNotEmpty().doesNotContainValue(null);
        assertThat(benchmarks).contains(PerfGate.REFERENCE).containsAll(baseline.keySet());
    }
}
