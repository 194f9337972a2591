package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/languages}: what this node runs, and the limits a submission gets unless it asks otherwise. */
@RestController
@Tag(name = "Evaluations")
class LanguageController {

    private final EvaluationSettings settings;

    LanguageController(EvaluationSettings settings) {
        this.settings = settings;
    }

    record LimitsView(long wallTimeMs, long memoryMb, int pids, long outputBytes) {
    }

    record LanguageView(String name, String version, String image, String fileName, List<String> runCommand,
                        LimitsView defaultLimits, LimitsView maxLimits, long maxSourceBytes) {
    }

    @GetMapping("/v1/languages")
    java.util.Map<String, List<LanguageView>> languages() {
        var defaults = new LimitsView(settings.defaultWall().toMillis(), settings.defaultMemory().toMegabytes(),
                settings.defaultPids(), settings.defaultOutput().toBytes());
        var maxima = new LimitsView(settings.maxWall().toMillis(), settings.maxMemory().toMegabytes(),
                settings.maxPids(), settings.maxOutput().toBytes());
        return java.util.Map.of("items", Language.ALL.stream()
                .map(l -> new LanguageView(l.name(), l.version(), l.image(), l.fileName(), l.runCommand(), defaults, maxima,
                        settings.maxSource().toBytes()))
                .toList());
    }
}
