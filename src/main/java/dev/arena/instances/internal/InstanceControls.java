package dev.arena.instances.internal;

import dev.arena.instances.InstanceControl;
import dev.arena.instances.Origin;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** {@link InstanceControl} over the instance service: each stop claims the instance first, like any other. */
@Service
class InstanceControls implements InstanceControl {

    private static final Logger log = LoggerFactory.getLogger(InstanceControls.class);

    private final Instances instances;
    private final InstanceService service;

    InstanceControls(Instances instances, InstanceService service) {
        this.instances = instances;
        this.service = service;
    }

    @Override
    public int stopAllOf(long projectId, long userId, String reason) {
        List<Instance> live = instances.liveOfPlayer(projectId, userId);
        service.stopAll(live, null, false, Origin.ARENA);
        if (!live.isEmpty()) {
            log.info("Stopped {} instance(s) of user {} in project {}: {}", live.size(), userId, projectId, reason);
        }
        return live.size();
    }
}
