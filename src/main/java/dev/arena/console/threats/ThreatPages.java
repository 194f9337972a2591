package dev.arena.console.threats;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.Workspaces;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.Ids;
import dev.arena.platform.PlatformSettings;
import dev.arena.threats.ThreatBlocks;
import dev.arena.threats.ThreatDashboard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A project's threat dashboard: charts drawn on the server (an inline SVG of events per minute, CSS bars
 * for the top lists), the latest sessions with their timelines, and the block list with block and lift
 * for admins. Reads go through {@link ThreatDashboard}, blocks through {@link ThreatBlocks}.
 */
@Controller
class ThreatPages {

    private static final String PAGE = "/console/projects/{projectId}/threats";
    /** The chart's width in minutes and its height in SVG units. */
    static final int MINUTES = 60;
    static final int HEIGHT = 100;

    private final ThreatDashboard dashboard;
    private final ThreatBlocks blocks;
    private final ProjectPages projects;
    private final PlatformSettings platform;

    ThreatPages(ThreatDashboard dashboard, ThreatBlocks blocks, ProjectPages projects, PlatformSettings platform) {
        this.dashboard = dashboard;
        this.blocks = blocks;
        this.projects = projects;
        this.platform = platform;
    }

    /** One bar of a chart: its label, value and length as a share (0-100) of the longest. */
    record Bar(String label, long value, int percent) {
    }

    /** One column of the events-per-minute chart, in SVG units: the minute's offset from the left and its height. */
    record Column(int x, int height, String title) {
    }

    @GetMapping(PAGE)
    String dashboard(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        Workspaces.Project project = projects.open(caller, projectId, "threats", model);
        ThreatDashboard.Summary summary = dashboard.summary(caller, project.id(), MINUTES);
        model.addAttribute("summary", summary);
        model.addAttribute("columns", columns(summary));
        model.addAttribute("sources", bars(summary.topSources(), ThreatDashboard.Count::key, ThreatDashboard.Count::events));
        model.addAttribute("countries", bars(summary.countries(), ThreatDashboard.Count::key, ThreatDashboard.Count::events));
        model.addAttribute("techniques", bars(summary.topTechniques(),
                t -> t.name() == null ? t.technique() : t.technique() + " " + t.name(), ThreatDashboard.TechniqueCount::events));
        model.addAttribute("sessions", dashboard.sessions(caller, project.id(), 20));
        model.addAttribute("blocks", blocks.list(caller, project.id(), false));
        model.addAttribute("admin", project.role().atLeast(ProjectRole.ADMIN));
        model.addAttribute("width", MINUTES);
        model.addAttribute("height", HEIGHT);
        return "console/threats";
    }

    @GetMapping(PAGE + "/sessions/{sessionId}")
    String timeline(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String sessionId,
                    Model model) {
        model.addAttribute("timeline", dashboard.timeline(caller, Ids.parse(projectId, "project"), Ids.parse(sessionId, "session"), 500));
        return "console/fragments :: timeline";
    }

    @PostMapping(PAGE + "/blocks")
    String block(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                 @RequestParam(required = false) @Nullable String address, @RequestParam(required = false) @Nullable String duration,
                 @RequestParam(required = false) @Nullable String reason, HttpServletRequest request, HttpServletResponse response) {
        blocks.block(caller, Ids.parse(projectId, "project"), address, duration, reason,
                ClientAddress.of(request, platform.trustedProxies()));
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }

    @PostMapping(PAGE + "/blocks/{blockId}/lift")
    String lift(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String blockId,
                HttpServletResponse response) {
        blocks.lift(caller, Ids.parse(projectId, "project"), Ids.parse(blockId, "block"));
        response.setHeader("HX-Refresh", "true");
        return "console/fragments :: done";
    }

    /** A column per minute of the last hour that had events, scaled to the busiest minute. */
    static List<Column> columns(ThreatDashboard.Summary summary) {
        long max = summary.eventsPerMinute().stream().mapToLong(ThreatDashboard.Minute::events).max().orElse(0);
        Instant start = summary.to().truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
        return summary.eventsPerMinute().stream()
                .map(m -> new Column((int) ChronoUnit.MINUTES.between(start, m.minute()), scale(m.events(), max, HEIGHT),
                        m.minute() + ": " + m.events() + " events"))
                .filter(c -> c.x() >= 0 && c.x() < MINUTES)
                .toList();
    }

    static <T> List<Bar> bars(List<T> items, Function<T, String> label, java.util.function.ToLongFunction<T> value) {
        long max = items.stream().mapToLong(value).max().orElse(0);
        return items.stream().map(i -> new Bar(label.apply(i), value.applyAsLong(i), scale(value.applyAsLong(i), max, 100))).toList();
    }

    private static int scale(long value, long max, int full) {
        return max == 0 ? 0 : (int) Math.max(1, Math.round((double) value * full / max));
    }
}
