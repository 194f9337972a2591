package dev.arena.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Percentiles read from cumulative histogram buckets, and routes merged over their status tags. */
class LatencyUnitTests {

    @Test
    void aPercentileIsTheFirstBucketHoldingItsShare() {
        var buckets = new TreeMap<Double, Double>();
        buckets.put(1.0, 10.0);
        buckets.put(5.0, 90.0);
        buckets.put(10.0, 99.0);
        buckets.put(50.0, 100.0);

        assertThat(OperationsPages.percentile(buckets, 100, 0.10)).isEqualTo(1.0);
        assertThat(OperationsPages.percentile(buckets, 100, 0.50)).isEqualTo(5.0);
        assertThat(OperationsPages.percentile(buckets, 100, 0.95)).isEqualTo(10.0);
        assertThat(OperationsPages.percentile(buckets, 100, 0.999)).isEqualTo(50.0);
        assertThat(OperationsPages.percentile(buckets, 101, 1.0)).as("beyond the last bucket").isNull();
    }

    @Test
    void aRouteIsMergedOverItsStatusesAndTheBusiestComesFirst() {
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT); // the registry Arena runs with
        Timer ok = Timer.builder("http.server.requests").tags("method", "GET", "uri", "/a", "status", "200")
                .publishPercentileHistogram().register(meters);
        Timer notFound = Timer.builder("http.server.requests").tags("method", "GET", "uri", "/a", "status", "404")
                .publishPercentileHistogram().register(meters);
        Timer other = Timer.builder("http.server.requests").tags("method", "POST", "uri", "/b", "status", "200")
                .publishPercentileHistogram().register(meters);
        for (int i = 0; i < 9; i++) {
            ok.record(Duration.ofMillis(2));
        }
        notFound.record(Duration.ofMillis(400));
        other.record(Duration.ofMillis(3));

        var routes = OperationsPages.latencies(meters);

        assertThat(routes).extracting(OperationsPages.Latency::uri).containsExactly("/a", "/b");
        var a = routes.getFirst();
        assertThat(a.count()).isEqualTo(10);
        assertThat(a.maxMs()).isEqualTo(400.0);
        assertThat(a.p50Ms()).isBetween(2.0, 3.0);
        assertThat(a.p99Ms()).isGreaterThanOrEqualTo(400.0);
    }
}
