package dev.arena.evaluations.internal;

import dev.arena.support.ArenaTest;
import org.springframework.test.context.TestPropertySource;

/** On a database of its own: the scenarios claim every due job, which must not include other tests'. */
@ArenaTest
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:evaluation-queue;DB_CLOSE_DELAY=-1")
class QueueOnH2Tests extends QueueScenarios {
}
