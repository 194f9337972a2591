package dev.arena.chatops.internal;

import dev.arena.chatops.ProjectSchedules;
import dev.arena.chatops.ProjectSchedules.ScheduleDetails;
import dev.arena.chatops.ProjectSchedules.ScheduleRequest;
import dev.arena.identity.ArenaPrincipal;
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

/** A project's scheduled actions over HTTP: admins create, change and delete them, readers see them with their next and last run. */
@RestController
@Tag(name = "Schedules")
class ScheduleController {

    private final ProjectSchedules schedules;

    ScheduleController(ProjectSchedules schedules) {
        this.schedules = schedules;
    }

    @PostMapping("/v1/projects/{projectId}/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    ScheduleDetails create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody ScheduleRequest body) {
        return schedules.create(caller, Ids.parse(projectId, "project"), body);
    }

    @GetMapping("/v1/projects/{projectId}/schedules")
    Page<ScheduleDetails> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                               @RequestParam(required = false) @Nullable String cursor,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return schedules.list(caller, Ids.parse(projectId, "project"), cursor, limit);
    }

    @GetMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ScheduleDetails get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId) {
        return schedules.get(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"));
    }

    /** Changes a schedule; absent fields keep their value. Its next run is worked out again from now. */
    @PatchMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ScheduleDetails change(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId,
                           @RequestBody ScheduleRequest body) {
        return schedules.change(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"), body);
    }

    @DeleteMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId) {
        schedules.delete(caller, Ids.parse(projectId, "project"), Ids.parse(scheduleId, "schedule"));
        return ResponseEntity.noContent().build();
    }
}
