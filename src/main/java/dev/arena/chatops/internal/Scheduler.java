package dev.arena.chatops.internal;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.chatops.ScheduleEvent;
import dev.arena.instances.ChallengeControl;
import dev.arena.instances.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs due schedules every {@code arena.chatops.schedule-tick}, on one node at a time (ShedLock); each run
 * is also claimed by a conditional update of the schedule's next run, so even two ticks racing run it at
 * most once. A run found due longer ago than {@code missed-after} was missed while Arena was down: the
 * schedule either runs once to catch up or skips and reports the missed runs — never drops them silently.
 * Every run is recorded on the schedule, audited and published as a {@link ScheduleEvent}.
 */
@Component
class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final int BATCH = 100;

    private final Schedules schedules;
    private final ChallengeControl challenges;
    private final ManagedContainers containers;
    private final ChatopsAudit audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ChatopsSettings settings;
    private final Clock clock;

    Scheduler(Schedules schedules, ChallengeControl challenges, ManagedContainers containers, ChatopsAudit audit,
              ApplicationEventPublisher events, TransactionTemplate tx, ChatopsSettings settings, Clock clock) {
        this.schedules = schedules;
        this.challenges = challenges;
        this.containers = containers;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${arena.chatops.schedule-tick:PT5S}", initialDelayString = "PT3S")
    @SchedulerLock(name = "chatops-scheduler", lockAtMostFor = "PT5M")
    void tick() {
        runDue(clock.instant());
    }

    /** Runs every schedule due at {@code now}; returns how many runs this call claimed. */
    int runDue(Instant now) {
        int claimed = 0;
        List<Schedule> due;
        do {
            due = schedules.due(now, BATCH);
            for (Schedule schedule : due) {
                if (runOne(schedule, now)) {
                    claimed++;
                }
            }
        } while (due.size() == BATCH);
        return claimed;
    }

    private boolean runOne(Schedule s, Instant now) {
        Timetable timetable = s.timetable();
        Instant due = s.nextRunAt();
        if (due == null || !schedules.claim(s.id(), due, timetable.next(now))) {
            return false;
        }
        boolean missed = due.plus(settings.missedAfter()).isBefore(now);
        int occurrences = missed ? Math.max(1, timetable.count(due, now)) : 1;
        if (missed && s.missed() == Schedule.Missed.SKIP_AND_REPORT) {
            finish(s, now, "skipped", new ScheduleEvent.ScheduleSkipped(s.id(), s.projectId(), s.name(), due, occurrences));
            return true;
        }
        String action = s.action().wireName() + " " + s.target();
        try {
            String detail = perform(s);
            log.debug("Schedule {} ran {}: {}", s.id(), action, detail);
            finish(s, now, "ok", new ScheduleEvent.ScheduleRan(s.id(), s.projectId(), s.name(), due, action, occurrences - 1));
        } catch (RuntimeException e) {
            finish(s, now, "failed", new ScheduleEvent.ScheduleFailed(s.id(), s.projectId(), s.name(), due, action,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return true;
    }

    private String perform(Schedule s) {
        if (s.action().onChallenge) {
            long challenge = Long.parseLong(s.target());
            return switch (s.action()) {
                case OPEN -> {
                    challenges.open(s.projectId(), challenge);
                    yield "opened";
                }
                case CLOSE -> {
                    challenges.close(s.projectId(), challenge);
                    yield "closed";
                }
                default -> "stopped " + challenges.stopAllInstances(s.projectId(), challenge, null, Origin.SCHEDULE) + " instances";
            };
        }
        var managed = containers.get(s.projectId(), s.target())
                .orElseThrow(() -> new IllegalStateException("no managed container named '" + s.target() + "'"));
        return containers.act(managed, ContainerAction.valueOf(s.action().name()));
    }

    private void finish(Schedule s, Instant now, String outcome, ScheduleEvent event) {
        tx.executeWithoutResult(status -> {
            schedules.recordRun(s.id(), now, outcome, event.describe());
            audit.record(s.projectId(), null, "schedule", "schedule:" + s.id(), "schedule " + s.action().wireName(), s.target(),
                    outcome, s.name() + ": " + event.describe());
            events.publishEvent(event);
        });
    }
}
