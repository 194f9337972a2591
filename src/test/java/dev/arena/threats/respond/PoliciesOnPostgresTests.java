package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import dev.arena.threats.Threats.Project;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ArenaTest
@OnPostgres
class PoliciesOnPostgresTests extends PolicyScenarios {

    /** Two nodes' policies, each over a {@link SecondNode}'s shared caches: a replacement on one is the other's within a second. */
    @Test
    void aSetReplacedOnAnotherNodeIsInForceHereAtOnce(@Autowired PolicySet builtIn, @Autowired PolicySets sets, @Autowired Clock clock) {
        long project = Long.parseLong(Project.create(port, "policies-nodes").id());
        try (var hereNode = SecondNode.start(); var otherNode = SecondNode.start()) {
            var here = new ProjectPolicies(builtIn, sets, hereNode.caches(), clock);
            var other = new ProjectPolicies(builtIn, sets, otherNode.caches(), clock);
            assertThat(here.inForce(project).own()).isFalse();

            other.replace(project, set(BUILT_IN, bruteForceAtOnce()), null);

            SecondNode.seenWithin(SecondNode.AT_ONCE, () -> here.inForce(project).set().version(), version -> version == BUILT_IN + 1);
            assertThat(here.inForce(project).set().policies()).extracting(Policy::name).containsExactly("brute-force-at-once");
        }
    }
}
