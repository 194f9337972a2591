package dev.arena.instances.internal;

import dev.arena.instances.Origin;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerState;
import dev.arena.runtime.spi.ContainerSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the engine and the database agree, every {@code arena.instances.reconcile-interval} on one node
 * at a time, in both directions: instance containers of this deployment with no live instance are removed
 * (left by a crash, a timed-out call, a failed removal), and so are warm-pool containers no pool keeps any
 * more; a warm-pool container taken by an instance is that instance's, by the container id the instance
 * records (it keeps its pool name and labels), and left over once that instance ended; live instances whose container vanished or
 * stopped are recorded as failed; instances stuck starting or stopping (Arena died midway) are finished.
 *
 * <p>The engine is listed before the database is read: every container is created after its instance
 * row, so a container in the listing whose instance is not live really is an orphan.
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    static final Duration STUCK = Duration.ofMinutes(2);

    private final ContainerRuntime runtime;
    private final Instances instances;
    private final InstanceService service;
    private final Containers containers;
    private final InstancesSettings settings;
    private final Clock clock;

    Reconciler(ContainerRuntime runtime, Instances instances, InstanceService service, Containers containers,
               InstancesSettings settings, Clock clock) {
        this.runtime = runtime;
        this.instances = instances;
        this.service = service;
        this.containers = containers;
        this.settings = settings;
        this.clock = clock;
    }

    /** The outcome of one pass, for logs and tests. */
    record Pass(int orphansRemoved, int instancesFailed, int stuckFinished, int networksRemoved) {
    }

    @Scheduled(fixedDelayString = "${arena.instances.reconcile-interval:PT30S}", initialDelayString = "PT5S")
    @SchedulerLock(name = "instances-reconcile", lockAtMostFor = "PT10M")
    void scheduled() {
        try {
            Pass pass = reconcile();
            if (pass.orphansRemoved() + pass.instancesFailed() + pass.stuckFinished() + pass.networksRemoved() > 0) {
                log.info("Reconciled instances: {}", pass);
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation skipped: {}", e.getMessage());
        }
    }

    Pass reconcile() {
        Instant listedAt = clock.instant();
        Map<String, ContainerSummary> byId = runtime.list(containers.ofThisDeployment()).stream()
                .filter(c -> Containers.KIND.equals(kind(c)) || Containers.POOL_KIND.equals(kind(c)))
                .collect(Collectors.toMap(ContainerSummary::id, Function.identity()));
        List<Instance> live = instances.allLive();
        Set<Long> liveIds = live.stream().map(Instance::id).collect(Collectors.toSet());
        Set<String> liveContainers = live.stream().map(Instance::containerId).filter(Objects::nonNull).collect(Collectors.toSet());

        Set<String> takenByEnded = instances.endedWith(byId.values().stream()
                .filter(c -> Containers.POOL_KIND.equals(kind(c)) && !liveContainers.contains(c.id())).map(ContainerSummary::id).toList());
        List<ContainerSummary> orphans = byId.values().stream()
                .filter(c -> !liveContainers.contains(c.id()) && orphan(c, liveIds, takenByEnded, listedAt))
                .toList();
        containers.eachAtEngineWidth("instances-orphans", orphans, c -> containers.removeQuietly(c.id()));
        int networks = containers.removeAbandonedNetworks();

        int failed = 0;
        int stuck = 0;
        for (Instance instance : live) {
            boolean old = instance.createdAt().isBefore(listedAt.minus(STUCK));
            if (instance.status() == Instance.Status.RUNNING && instance.containerId() != null
                    && instance.createdAt().isBefore(listedAt)) {
                ContainerSummary listed = byId.get(instance.containerId());
                String trouble = listed != null && listed.state() == ContainerState.RUNNING ? null : confirmTrouble(instance.containerId());
                if (trouble != null) {
                    containers.removeQuietly(instance.containerId());
                    service.fail(instance, trouble);
                    failed++;
                }
            } else if (instance.status() == Instance.Status.STARTING && old) {
                if (instance.containerId() != null) {
                    containers.removeQuietly(instance.containerId());
                }
                service.fail(instance, "it did not finish starting");
                stuck++;
            } else if (instance.status() == Instance.Status.STOPPING && old) {
                if (instance.containerId() != null) {
                    containers.removeQuietly(instance.containerId());
                }
                service.finishStop(instance, null, false, Origin.ARENA);
                stuck++;
            }
        }
        return new Pass(orphans.size(), failed, stuck, networks);
    }

    /**
     * Whether a container of this deployment that no live instance records is left over. An instance
     * container is, unless its instance is live; so is a warm-pool container an ended instance had taken
     * (read after the live instances: one taken meanwhile is recorded by a live one). An idle warm-pool
     * container is only when no live pool would still keep it: older than
     * {@code pool-max-age} (with a minute's slack), or not running a minute after its creation (a crashed
     * node's, or the engine restarted).
     */
    private boolean orphan(ContainerSummary container, Set<Long> liveIds, Set<String> takenByEnded, Instant now) {
        if (Containers.KIND.equals(kind(container))) {
            return !liveIds.contains(parseId(container.labels().get(ArenaLabels.ID)));
        }
        if (takenByEnded.contains(container.id())) {
            return true;
        }
        Duration life = container.state() == ContainerState.RUNNING ? settings.poolMaxAge().plusMinutes(1) : Duration.ofMinutes(1);
        return container.createdAt().plus(life).isBefore(now);
    }

    private static @Nullable String kind(ContainerSummary container) {
        return container.labels().get(ArenaLabels.KIND);
    }

    private static long parseId(@Nullable String id) {
        try {
            return id == null ? -1 : Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Asks the engine again about a container the listing did not show running: the instance may have
     * started between the listing and the read of the database. Null when it is running after all.
     */
    private @Nullable String confirmTrouble(String containerId) {
        try {
            ContainerState state = runtime.inspect(containerId).state();
            return state == ContainerState.RUNNING ? null : "its container is " + state.name().toLowerCase(Locale.ROOT);
        } catch (ContainerRuntimeException.NotFound gone) {
            return "its container vanished";
        }
    }
}
