package dev.arena.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.spi.ContainerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of containers written to this host for read-only binds, and removed again. */
class HostFilesUnitTests {

    @TempDir
    Path root;

    @Test
    void eachContainerDirectoryBecomesAReadOnlyBindOfItsOwnWithTheFilesModes() throws IOException {
        var files = new HostFiles(root);

        var prepared = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "flag{x}\n"),
                new ContainerFile("/run/arena/run.sh", "echo".getBytes(), 0555), ContainerFile.text("/etc/challenge/motd", "hi")));

        assertThat(prepared.mounts()).hasSize(2).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(prepared.mounts()).extracting(m -> m.getTarget()).containsExactly("/run/arena", "/etc/challenge");
        Path runArena = Path.of(prepared.mounts().getFirst().getSource());
        assertThat(runArena).startsWith(root.resolve(prepared.key()));
        assertThat(Files.readString(runArena.resolve("flag"))).isEqualTo("flag{x}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runArena.resolve("flag")))).isEqualTo("r--r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runArena.resolve("run.sh")))).isEqualTo("r-xr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runArena))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aDeliveredFileIsReplacedWithItsNewContentAndModeLeavingNothingElseBehind() throws IOException {
        var files = new HostFiles(root);
        var prepared = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "")));
        files.created("c1", prepared);
        Path flag = Path.of(prepared.mounts().getFirst().getSource()).resolve("flag");

        boolean replaced = files.replace("c1", new ContainerFile("/run/arena/flag", "flag{x}\n".getBytes(), 0440));

        assertThat(replaced).isTrue();
        assertThat(Files.readString(flag)).isEqualTo("flag{x}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(flag))).isEqualTo("r--r-----");
        try (var left = Files.walk(root.resolve(prepared.key()))) {
            assertThat(left.filter(Files::isRegularFile)).containsExactly(flag);
        }
    }

    @Test
    void onlyTheFilesOfAContainerItCreatedAndStillHoldsAreReplaced() {
        var files = new HostFiles(root);
        files.created("c1", files.prepare(List.of(ContainerFile.text("/run/arena/flag", ""))));

        assertThatThrownBy(() -> files.replace("c1", ContainerFile.text("/run/arena/other", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.replace("c1", ContainerFile.text("/etc/flag", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(files.replace("another-process-made-it", ContainerFile.text("/run/arena/flag", "x"))).isFalse();
        files.removed("c1");
        assertThat(files.replace("c1", ContainerFile.text("/run/arena/flag", "x"))).isFalse();
    }

    @Test
    void aRemovedOrNeverCreatedContainersFilesGo() {
        var files = new HostFiles(root);
        var kept = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "a")));
        var removed = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "b")));
        var abandoned = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "c")));
        files.created("kept", kept);
        files.created("removed", removed);

        files.removed("removed");
        files.abandon(abandoned);
        files.removed("never-heard-of");

        assertThat(root.resolve(kept.key())).isDirectory();
        assertThat(root.resolve(removed.key())).doesNotExist();
        assertThat(root.resolve(abandoned.key())).doesNotExist();
    }

    @Test
    void aSweepRemovesOnlyOldDirectoriesNoContainerNames() throws IOException {
        var files = new HostFiles(root);
        var live = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "a")));
        var orphan = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "b")));
        var young = files.prepare(List.of(ContainerFile.text("/run/arena/flag", "c")));
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(root.resolve(live.key()), old);
        Files.setLastModifiedTime(root.resolve(orphan.key()), old);

        files.sweep(Set.of(live.key()));

        assertThat(root.resolve(live.key())).isDirectory();
        assertThat(root.resolve(orphan.key())).doesNotExist();
        assertThat(root.resolve(young.key())).as("its container may be being created").isDirectory();
    }
}
