package dev.arena.instances.internal;

import dev.arena.instances.Origin;
import java.time.Clock;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stops expired instances every {@code arena.instances.reaper-interval}, on one node at a time: finds
 * them through the expiry index, claims each, removes their containers in parallel (the runtime's
 * operation queue bounds how many at once), records them stopped and publishes {@code InstanceExpired}.
 */
@Component
class Reaper {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);
    private static final int BATCH = 1000;

    private final Instances instances;
    private final InstanceService service;
    private final Clock clock;

    Reaper(Instances instances, InstanceService service, Clock clock) {
        this.instances = instances;
        this.service = service;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${arena.instances.reaper-interval:PT2S}", initialDelayString = "PT1S")
    @SchedulerLock(name = "instances-reaper", lockAtMostFor = "PT5M")
    void reap() {
        List<Instance> expired;
        do {
            expired = instances.expired(clock.instant(), BATCH);
            reap(expired);
        } while (expired.size() == BATCH);
    }

    /** Stops the given instances as expired, all at once; returns when all are done. */
    void reap(List<Instance> expired) {
        if (!expired.isEmpty()) {
            service.stopAll(expired, null, true, Origin.ARENA);
            log.debug("Reaped {} expired instances", expired.size());
        }
    }
}
