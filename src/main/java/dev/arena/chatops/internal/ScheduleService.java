package dev.arena.chatops.internal;

import dev.arena.chatops.ProjectSchedules;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.DelegatedInstances;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The rules of a project's schedules, for the HTTP API and the console alike. */
@Service
class ScheduleService implements ProjectSchedules {

    private final Schedules schedules;
    private final ManagedContainers containers;
    private final DelegatedInstances challenges;
    private final ProjectAccess access;
    private final Ids ids;
    private final Clock clock;
    private final ChangeAudit changes;

    ScheduleService(Schedules schedules, ManagedContainers containers, DelegatedInstances challenges, ProjectAccess access, Ids ids,
                    Clock clock, ChangeAudit changes) {
        this.changes = changes;
        this.schedules = schedules;
        this.containers = containers;
        this.challenges = challenges;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public ScheduleDetails create(ArenaPrincipal caller, long projectId, ScheduleRequest r) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        Long user = caller.user();
        var draft = new Schedule(ids.next(), projectId, name(r.name()), required(r.cron(), "cron"), r.zone() == null ? "UTC" : r.zone(),
                Schedule.Action.fromWire(required(r.action(), "action")), "", r.missed() == null ? Schedule.Missed.CATCH_UP_ONCE
                : Schedule.Missed.fromWire(r.missed()), r.enabled() == null || r.enabled(), null, null, null, null, user == null ? 0 : user);
        Schedule schedule = checked(draft, r.challengeId(), r.container());
        schedules.insert(schedule);
        changes.changed(caller, projectId, "schedule create", schedule.name(), described(schedule));
        return details(schedule);
    }

    @Override
    public Page<ScheduleDetails> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit) {
        access.require(caller, projectId, ProjectRole.READER);
        return schedules.of(projectId, Page.after(cursor), limit).map(ScheduleService::details);
    }

    @Override
    public ScheduleDetails get(ArenaPrincipal caller, long projectId, long scheduleId) {
        access.require(caller, projectId, ProjectRole.READER);
        return details(schedules.get(projectId, scheduleId));
    }

    @Override
    public ScheduleDetails change(ArenaPrincipal caller, long projectId, long scheduleId, ScheduleRequest r) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        Schedule s = schedules.get(projectId, scheduleId);
        Schedule.Action action = r.action() == null ? s.action() : Schedule.Action.fromWire(r.action());
        boolean sameKind = action.onChallenge == s.action().onChallenge;
        var draft = new Schedule(s.id(), projectId, r.name() == null ? s.name() : name(r.name()), or(r.cron(), s.cron()), or(r.zone(), s.zone()),
                action, s.target(), r.missed() == null ? s.missed() : Schedule.Missed.fromWire(r.missed()),
                r.enabled() == null ? s.enabled() : r.enabled(), null, s.lastRunAt(), s.lastOutcome(), s.lastDetail(), s.createdBy());
        Schedule changed = checked(draft, or(r.challengeId(), sameKind && action.onChallenge ? s.target() : null),
                or(r.container(), sameKind && !action.onChallenge ? s.target() : null));
        schedules.update(changed);
        changes.changed(caller, projectId, "schedule change", changed.name(), described(changed));
        return details(schedules.get(projectId, s.id()));
    }

    @Override
    public void delete(ArenaPrincipal caller, long projectId, long scheduleId) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        Schedule deleted = schedules.get(projectId, scheduleId);
        schedules.delete(projectId, scheduleId);
        changes.changed(caller, projectId, "schedule delete", deleted.name(), described(deleted));
    }

    /** A schedule in words, for the audit log. */
    private static String described(Schedule s) {
        return s.action().wireName() + " " + s.target() + " at '" + s.cron() + "' " + s.zone() + (s.enabled() ? "" : ", disabled");
    }

    static ScheduleDetails details(Schedule s) {
        return new ScheduleDetails(Long.toString(s.id()), s.name(), s.cron(), s.zone(), s.action().wireName(),
                s.action().onChallenge ? s.target() : null, s.action().onChallenge ? null : s.target(), s.missed().wireName(),
                s.enabled(), s.nextRunAt(), s.lastRunAt(), s.lastOutcome(), s.lastDetail());
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
