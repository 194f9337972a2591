package dev.arena.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.ArenaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arena refuses to start when its evaluation workers could hold every engine slot: the process exits and
 * says which settings to change.
 */
@Tag("slow")
class EngineSlotsStartUpTests {

    @TempDir
    Path dir;

    @Test
    void workersWithoutSpareEngineSlotsStopTheStart() throws Exception {
        ArenaProcess arena = ArenaProcess.launch(dir, List.of("arena.evaluations.workers=9", "arena.runtime.concurrency=10"));

        assertThat(arena.awaitExit()).isNotZero();
        assertThat(Files.readString(dir.resolve("arena.log"))).contains("arena.runtime.concurrency (10) must exceed arena.evaluations.workers (9)");
    }
}
