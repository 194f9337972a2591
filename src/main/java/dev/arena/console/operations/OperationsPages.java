package dev.arena.console.operations;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import dev.arena.identity.Workspaces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's one audit log for its managers ({@link ProjectAuditView}) and, for Arena's operators, latency
 * percentiles of every route since start, read from the {@code http.server.requests} histograms Micrometer keeps.
 */
@Controller
class OperationsPages {

    static final int AUDIT_PAGE = 50;

    private final ProjectAuditView audit;
    private final Operators operators;
    private final ProjectPages projects;
    private final MeterRegistry meters;

    OperationsPages(ProjectAuditView audit, Operators operators, ProjectPages projects, MeterRegistry meters) {
        this.audit = audit;
        this.operators = operators;
        this.projects = projects;
        this.meters = meters;
    }

    @GetMapping("/console/projects/{projectId}/audit")
    String audit(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                 @RequestParam(required = false) @Nullable String cursor, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "audit", model);
        model.addAttribute("page", audit.page(caller, project, cursor, AUDIT_PAGE));
        return "console/audit";
    }

    /**
     * A route's latency since start. Percentiles are the upper bound of the histogram bucket they fall in
     * (Micrometer's Prometheus buckets), so they read "at most".
     */
    record Latency(String method, String uri, long count, double meanMs, @Nullable Double p50Ms, @Nullable Double p95Ms,
                   @Nullable Double p99Ms, double maxMs) {
    }

    @GetMapping("/console/latency")
    String latency(@AuthenticationPrincipal ArenaPrincipal caller, Model model) {
        if (!operators.isOperator(caller)) {
            throw new IdentityProblem.RoleRequired("operator");
        }
        model.addAttribute("routes", latencies(meters));
        return "console/latency";
    }

    /** Every route's latency, the busiest first; routes are merged over status and outcome. */
    static List<Latency> latencies(MeterRegistry meters) {
        var byRoute = new TreeMap<String, List<Timer>>();
        meters.find("http.server.requests").timers()
                .forEach(t -> byRoute.computeIfAbsent(t.getId().getTag("method") + " " + t.getId().getTag("uri"), k -> new ArrayList<>()).add(t));
        return byRoute.entrySet().stream().map(e -> latency(e.getKey(), e.getValue()))
                .filter(l -> l.count() > 0)
                .sorted(Comparator.comparingLong(Latency::count).reversed()).toList();
    }

    private static Latency latency(String route, List<Timer> timers) {
        long count = 0;
        double totalMs = 0;
        double maxMs = 0;
        var buckets = new TreeMap<Double, Double>();
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            totalMs += snapshot.total(TimeUnit.MILLISECONDS);
            maxMs = Math.max(maxMs, snapshot.max(TimeUnit.MILLISECONDS));
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        String[] parts = route.split(" ", 2);
        return new Latency(parts[0], parts[1], count, count == 0 ? 0 : totalMs / count, percentile(buckets, count, 0.50),
                percentile(buckets, count, 0.95), percentile(buckets, count, 0.99), maxMs);
    }

    /** The smallest bucket bound holding at least {@code q} of the requests; buckets count cumulatively. */
    static @Nullable Double percentile(NavigableMap<Double, Double> cumulative, long count, double q) {
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * count) {
                return bucket.getKey();
            }
        }
        return null;
    }
}
