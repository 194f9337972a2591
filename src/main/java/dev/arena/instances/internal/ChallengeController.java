package dev.arena.instances.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.instances.Origin;
import dev.arena.instances.ProjectChallenges;
import dev.arena.instances.ProjectChallenges.ChallengeDefinition;
import dev.arena.instances.ProjectChallenges.ChallengeRequest;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Challenges of a project, {@code /v1/projects/{projectId}/challenges}: writers create, change and delete
 * them; readers (players) list and read them, without their environment and flag template. The rules are
 * {@link ProjectChallenges}, which the console calls too.
 */
@RestController
@Tag(name = "Instances")
class ChallengeController {

    private final ProjectChallenges challenges;

    ChallengeController(ProjectChallenges challenges) {
        this.challenges = challenges;
    }

    @PostMapping("/v1/projects/{projectId}/challenges")
    @ResponseStatus(HttpStatus.CREATED)
    ChallengeDefinition create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                               @RequestBody ChallengeRequest body) {
        return challenges.create(caller, Ids.parse(projectId, "project"), body);
    }

    @GetMapping("/v1/projects/{projectId}/challenges")
    Page<ChallengeDefinition> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                   @RequestParam(required = false) @Nullable String cursor,
                                   @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return challenges.list(caller, Ids.parse(projectId, "project"), cursor, limit);
    }

    @GetMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ChallengeDefinition get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                            @PathVariable String challengeId) {
        return challenges.get(caller, Ids.parse(projectId, "project"), Ids.parse(challengeId, "challenge"));
    }

    @PatchMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ChallengeDefinition update(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                               @PathVariable String challengeId, @RequestBody ChallengeRequest body) {
        return challenges.change(caller, Ids.parse(projectId, "project"), Ids.parse(challengeId, "challenge"), body);
    }

    /** Deletes a challenge; its live instances are stopped first, its warm containers removed. */
    @DeleteMapping("/v1/projects/{projectId}/challenges/{challengeId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                @PathVariable String challengeId) {
        challenges.delete(caller, Ids.parse(projectId, "project"), Ids.parse(challengeId, "challenge"), Origin.API);
        return ResponseEntity.noContent().build();
    }
}
