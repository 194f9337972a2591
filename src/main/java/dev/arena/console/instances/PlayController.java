package dev.arena.console.instances;

import dev.arena.console.pages.ProjectPages;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.instances.InstanceDetails;
import dev.arena.instances.Origin;
import dev.arena.instances.PlayerInstances;
import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A player's page of a project: its challenges, each with a card of the player's instance (status,
 * countdown, host and ports, start/extend/stop) that refreshes itself, and a flag box. Every action goes
 * through {@link PlayerInstances}, so it is allowed, refused and audited exactly as over the API.
 */
@Controller
class PlayController {

    private static final String PAGE = "/console/projects/{projectId}";
    private static final String CHALLENGE = PAGE + "/challenges/{challengeId}";

    private final PlayerInstances players;
    private final ProjectPages projects;
    private final Clock clock;

    PlayController(PlayerInstances players, ProjectPages projects, Clock clock) {
        this.players = players;
        this.projects = projects;
        this.clock = clock;
    }

    /**
     * A challenge and the player's latest instance of it (null when there never was one).
     *
     * @param secondsLeft until the instance expires, counted on the server so the page's countdown does
     *                    not depend on the browser's clock
     */
    record Card(PlayerInstances.ChallengeSummary challenge, @Nullable InstanceDetails instance, String projectId, long secondsLeft) {
        static Card of(PlayerInstances.ChallengeSummary challenge, @Nullable InstanceDetails instance, String projectId, Clock clock) {
            long left = instance == null ? 0 : Math.max(0, Duration.between(clock.instant(), instance.expiresAt()).toSeconds());
            return new Card(challenge, instance, projectId, left);
        }
    }

    @GetMapping(PAGE)
    String challenges(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, Model model) {
        long project = projects.open(caller, projectId, "challenges", model).id();
        model.addAttribute("cards", players.challenges(caller, project).stream()
                .map(c -> Card.of(c, players.status(caller, project, c.id()).orElse(null), projectId, clock)).toList());
        return "console/challenges";
    }

    @GetMapping(CHALLENGE + "/card")
    String card(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                Model model) {
        return card(caller, projectId, challengeId, model, null);
    }

    @PostMapping(CHALLENGE + "/start")
    String start(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                 Model model) {
        return card(caller, projectId, challengeId, model, players.start(caller, id(projectId), id(challengeId), Origin.CONSOLE));
    }

    @PostMapping(CHALLENGE + "/extend")
    String extend(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                  Model model) {
        return card(caller, projectId, challengeId, model, players.extend(caller, id(projectId), id(challengeId), Origin.CONSOLE));
    }

    @PostMapping(CHALLENGE + "/stop")
    String stop(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                Model model) {
        players.stop(caller, id(projectId), id(challengeId), Origin.CONSOLE);
        return card(caller, projectId, challengeId, model, null);
    }

    @PostMapping(CHALLENGE + "/flag")
    String flag(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String challengeId,
                @RequestParam(defaultValue = "") String flag, Model model) {
        model.addAttribute("instanceId", players.submitFlag(caller, id(projectId), id(challengeId), flag));
        return "console/fragments :: flag-correct";
    }

    private String card(ArenaPrincipal caller, String projectId, String challengeId, Model model, @Nullable InstanceDetails known) {
        long project = id(projectId);
        long challenge = id(challengeId);
        PlayerInstances.ChallengeSummary summary = players.challenge(caller, project, challenge);
        InstanceDetails instance = known != null ? known : players.status(caller, project, challenge).orElse(null);
        model.addAttribute("card", Card.of(summary, instance, projectId, clock));
        return "console/fragments :: card";
    }

    private static long id(String text) {
        return Ids.parse(text, "resource");
    }
}
