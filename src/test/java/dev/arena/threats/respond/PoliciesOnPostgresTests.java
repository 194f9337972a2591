package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.internal.NodeCaches;
import dev.arena.support.ArenaTest;
import dev.arena.support.Postgres;
import dev.arena.threats.Threats;
import dev.arena.threats.Threats.Project;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ArenaTest
class PoliciesOnPostgresTests extends PolicyScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    /** Two nodes' policies, each over shared caches that listen as a node's do: a replacement on one is the other's at once. */
    @Test
    void aSetReplacedOnAnotherNodeIsInForceHereAtOnce(@Autowired PolicySet builtIn, @Autowired PolicySets sets, @Autowired Clock clock,
                                                      @Autowired DataSource database) {
        long project = Long.parseLong(Project.create(port, "policies-nodes").id());
        try (var hereCaches = NodeCaches.start(database, Duration.ofMillis(100));
             var otherCaches = NodeCaches.start(database, Duration.ofMillis(100))) {
            Threats.await(() -> hereCaches.listenerBackend() > 0 && otherCaches.listenerBackend() > 0, listening -> listening);
            var here = new ProjectPolicies(builtIn, sets, hereCaches.caches(), clock);
            var otherNode = new ProjectPolicies(builtIn, sets, otherCaches.caches(), clock);
            assertThat(here.inForce(project).own()).isFalse();

            otherNode.replace(project, set(BUILT_IN, bruteForceAtOnce()), null);

            PolicySet seen = Threats.await(() -> here.inForce(project).set(), s -> s.version() == BUILT_IN + 1);
            assertThat(seen.policies()).extracting(Policy::name).containsExactly("brute-force-at-once");
        }
    }
}
