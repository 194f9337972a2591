package dev.arena.chatops.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.DelegatedInstances;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
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

/** A project's scheduled actions: admins create, change and delete them, readers see them with their next and last run. */
@RestController
@Tag(name = "Schedules")
class ScheduleController {

    private final Schedules schedules;
    private final ManagedContainers containers;
    private final DelegatedInstances challenges;
    private final ProjectAccess access;
    private final Ids ids;
    private final Clock clock;

    ScheduleController(Schedules schedules, ManagedContainers containers, DelegatedInstances challenges, ProjectAccess access, Ids ids,
                       Clock clock) {
        this.schedules = schedules;
        this.containers = containers;
        this.challenges = challenges;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
    }

    record ScheduleBody(@Nullable String name, @Nullable String cron, @Nullable String zone, @Nullable String action,
                        @Nullable String challengeId, @Nullable String container, @Nullable String missed, @Nullable Boolean enabled) {
    }

    record ScheduleView(String id, String name, String cron, String zone, String action, @Nullable String challengeId,
                        @Nullable String container, String missed, boolean enabled, @Nullable Instant nextRunAt,
                        @Nullable Instant lastRunAt, @Nullable String lastOutcome, @Nullable String lastDetail) {
        static ScheduleView of(Schedule s) {
            return new ScheduleView(Long.toString(s.id()), s.name(), s.cron(), s.zone(), s.action().wireName(),
                    s.action().onChallenge ? s.target() : null, s.action().onChallenge ? null : s.target(), s.missed().wireName(),
                    s.enabled(), s.nextRunAt(), s.lastRunAt(), s.lastOutcome(), s.lastDetail());
        }
    }

    @PostMapping("/v1/projects/{projectId}/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    ScheduleView create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody ScheduleBody b) {
        long project = admin(caller, projectId);
        Long user = caller.user();
        var draft = new Schedule(ids.next(), project, name(b.name()), required(b.cron(), "cron"), b.zone() == null ? "UTC" : b.zone(),
                Schedule.Action.fromWire(required(b.action(), "action")), "", b.missed() == null ? Schedule.Missed.CATCH_UP_ONCE
                : Schedule.Missed.fromWire(b.missed()), b.enabled() == null || b.enabled(), null, null, null, null, user == null ? 0 : user);
        Schedule schedule = checked(draft, b.challengeId(), b.container());
        schedules.insert(schedule);
        return ScheduleView.of(schedule);
    }

    @GetMapping("/v1/projects/{projectId}/schedules")
    Page<ScheduleView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                            @RequestParam(required = false) @Nullable String cursor,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        return schedules.of(project, Page.after(cursor), limit).map(ScheduleView::of);
    }

    @GetMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ScheduleView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        return ScheduleView.of(schedules.get(project, Ids.parse(scheduleId, "schedule")));
    }

    /** Changes a schedule; absent fields keep their value. Its next run is worked out again from now. */
    @PatchMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ScheduleView change(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId,
                        @RequestBody ScheduleBody b) {
        long project = admin(caller, projectId);
        Schedule s = schedules.get(project, Ids.parse(scheduleId, "schedule"));
        Schedule.Action action = b.action() == null ? s.action() : Schedule.Action.fromWire(b.action());
        boolean sameKind = action.onChallenge == s.action().onChallenge;
        var draft = new Schedule(s.id(), project, b.name() == null ? s.name() : name(b.name()), or(b.cron(), s.cron()), or(b.zone(), s.zone()),
                action, s.target(), b.missed() == null ? s.missed() : Schedule.Missed.fromWire(b.missed()),
                b.enabled() == null ? s.enabled() : b.enabled(), null, s.lastRunAt(), s.lastOutcome(), s.lastDetail(), s.createdBy());
        Schedule changed = checked(draft, or(b.challengeId(), sameKind && action.onChallenge ? s.target() : null),
                or(b.container(), sameKind && !action.onChallenge ? s.target() : null));
        schedules.update(changed);
        return ScheduleView.of(schedules.get(project, s.id()));
    }

    @DeleteMapping("/v1/projects/{projectId}/schedules/{scheduleId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String scheduleId) {
        long project = admin(caller, projectId);
        schedules.delete(project, Ids.parse(scheduleId, "schedule"));
        return ResponseEntity.noContent().build();
    }

    /**
     * The draft with its target checked (a challenge or container the project does not have is a 404, as
     * for any resource of another tenant) and its next run worked out (null while disabled).
     */
    private Schedule checked(Schedule d, @Nullable String challengeId, @Nullable String container) {
        Timetable timetable = Timetable.of(d.cron(), d.zone());
        String target;
        if (d.action().onChallenge) {
            long challenge = Ids.parse(required(challengeId, "challengeId"), "challenge");
            challenges.challenge(d.projectId(), challenge).orElseThrow(() -> new ResourceNotFound("challenge"));
            target = Long.toString(challenge);
        } else {
            target = required(container, "container");
            containers.get(d.projectId(), target).orElseThrow(() -> new ResourceNotFound("container"));
        }
        Instant next = d.enabled() ? timetable.next(clock.instant()) : null;
        return new Schedule(d.id(), d.projectId(), d.name(), d.cron(), d.zone(), d.action(), target, d.missed(), d.enabled(), next,
                d.lastRunAt(), d.lastOutcome(), d.lastDetail(), d.createdBy());
    }

    private long admin(ArenaPrincipal caller, String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        return project;
    }

    private static String name(@Nullable String name) {
        String n = required(name, "name");
        if (n.length() > 100) {
            throw new InvalidValue("name", "at most 100 characters");
        }
        return n;
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidValue(field, field + " is required");
        }
        if (value.length() > 120) {
            throw new InvalidValue(field, field + " is at most 120 characters");
        }
        return value;
    }

    private static String or(@Nullable String value, @Nullable String fallback) {
        return value != null ? value : fallback;
    }
}
