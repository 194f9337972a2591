package dev.arena.chatops.internal;

import dev.arena.threats.ThreatAlert;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The latest threat alerts of each project as this node heard them (the threat pipeline publishes them as
 * events; it offers no query of its own yet), for {@code /arena threats}. Kept in memory: a restart
 * forgets them, and a node sees only alerts raised on itself. A repeated delivery of one alert is kept once.
 */
@Component
class RecentThreats {

    static final int KEPT = 10;

    private final Map<Long, Deque<ThreatAlert>> byProject = new ConcurrentHashMap<>();

    @TransactionalEventListener(fallbackExecution = true)
    void heard(ThreatAlert alert) {
        Deque<ThreatAlert> recent = byProject.computeIfAbsent(alert.projectId(), p -> new ArrayDeque<>());
        synchronized (recent) {
            if (recent.contains(alert)) {
                return;
            }
            recent.addFirst(alert);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
    }

    /** The project's latest alerts, newest first. */
    List<ThreatAlert> of(long projectId) {
        Deque<ThreatAlert> recent = byProject.get(projectId);
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
