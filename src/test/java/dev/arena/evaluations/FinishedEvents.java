package dev.arena.evaluations;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.modulith.events.ApplicationModuleListener;

/** Records every {@link EvaluationEvent.EvaluationFinished} as another module would get it: after the commit. */
@TestConfiguration(proxyBeanMethods = false)
public class FinishedEvents {

    private final List<EvaluationEvent.EvaluationFinished> seen = new CopyOnWriteArrayList<>();

    @ApplicationModuleListener
    void on(EvaluationEvent.EvaluationFinished finished) {
        seen.add(finished);
    }

    /** The event of one evaluation, waiting up to five seconds for it. */
    public Optional<EvaluationEvent.EvaluationFinished> of(long evaluationId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var found = seen.stream().filter(e -> e.evaluationId() == evaluationId).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }
}
