package dev.arena.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ExecResult;
import dev.arena.runtime.spi.ExecSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A delivered file replaced in a running container on the real engine: without the engine when the files
 * are on this host, with an exec as root when they were uploaded.
 */
@Tag("docker")
class FileReplacementIntegrationTests {

    static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static final ContainerRuntime runtime = Engine.runtime(10, Duration.ofSeconds(30), meters);
    static final DockerContainerRuntime uploading = Engine.uploading(Duration.ofSeconds(30));

    /** Reads the file as the container's user, tries to overwrite it as that user and as root. */
    static final String READ_AND_TRY_TO_WRITE = "cat /run/arena/flag; stat -c '%a %u' /run/arena/flag; "
            + "(echo x > /run/arena/flag) 2>/dev/null || echo refused";

    @AfterAll
    static void removeWhatThisRunCreated() throws IOException {
        Engine.cleanUp(runtime);
        uploading.close();
    }

    @Test
    void aFileOnThisHostIsReplacedWithoutTheEngineAndStaysReadOnly() {
        String id = running(runtime);

        runtime.replaceFile(id, ContainerFile.text("/run/arena/flag", "flag{new}\n"));

        assertThat(as(runtime, id, "10001", READ_AND_TRY_TO_WRITE)).isEqualTo("flag{new}\n444 0\nrefused\n");
        assertThat(as(runtime, id, "0:0", "(echo x > /run/arena/flag) 2>/dev/null || echo refused")).isEqualTo("refused\n");
        assertThat(meters.find("arena.runtime.calls").tag("operation", "replace_file").timer()).as("no engine call").isNull();
    }

    @Test
    void aReaderInsideNeverSeesAReplacementHalfWritten() throws Exception {
        String id = running(runtime);
        String a = "a".repeat(60_000);
        String b = "b".repeat(60_000);
        runtime.replaceFile(id, ContainerFile.text("/run/arena/flag", a));
        String readForAWhile = """
                end=$(( $(date +%s) + 2 )); reads=0
                while [ "$(date +%s)" -lt "$end" ]; do
                  c="$(cat /run/arena/flag)"; reads=$((reads + 1))
                  [ "$c" = "$A" ] || [ "$c" = "$B" ] || echo torn
                done
                echo "$reads reads"
                """;

        ExecResult read;
        try (var reader = Executors.newVirtualThreadPerTaskExecutor()) {
            var reading = reader.submit(() -> runtime.exec(id, new ExecSpec(List.of("sh", "-c", readForAWhile), Map.of("A", a, "B", b),
                    "10001", "/", Duration.ofSeconds(20), 1000)));
            for (int i = 0; !reading.isDone(); i++) {
                runtime.replaceFile(id, ContainerFile.text("/run/arena/flag", i % 2 == 0 ? b : a));
                Thread.sleep(1);
            }
            read = reading.get();
        }

        assertThat(read.stdout()).doesNotContain("torn").matches("[1-9][0-9]* reads\n");
    }

    @Test
    void anUploadedFileIsReplacedThroughAnExecAsRootAndStaysReadOnly() {
        String id = running(uploading);
        var file = ContainerFile.text("/run/arena/flag", "flag{through the exec}\n");

        assertThat(uploading.replaceFileWithoutEngine(id, file)).isFalse();
        uploading.replaceFile(id, file);

        assertThat(as(uploading, id, "10001", READ_AND_TRY_TO_WRITE + "; ls -A /run/arena"))
                .isEqualTo("flag{through the exec}\n444 0\nrefused\nflag\n");
    }

    @Test
    void onlyADeliveredFileCanBeReplaced() {
        var elsewhere = ContainerFile.text("/run/arena/other", "x");

        assertThatThrownBy(() -> runtime.replaceFile(running(runtime), elsewhere)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> uploading.replaceFile(running(uploading), elsewhere)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void throughAnExecTheContainerMustRun() {
        String id = uploading.create(Engine.busybox("sleep", "60").file(ContainerFile.text("/run/arena/flag", "")).build());

        assertThatThrownBy(() -> uploading.replaceFile(id, ContainerFile.text("/run/arena/flag", "x")))
                .isInstanceOf(ContainerRuntimeException.Conflict.class);
    }

    /** A started container with an empty placeholder at /run/arena/flag. */
    private static String running(ContainerRuntime runtime) {
        String id = runtime.create(Engine.busybox("sleep", "60").file(ContainerFile.text("/run/arena/flag", "")).build());
        runtime.start(id);
        return id;
    }

    private static String as(ContainerRuntime runtime, String id, String user, String script) {
        return runtime.exec(id, new ExecSpec(List.of("sh", "-c", script), Map.of(), user, "/", Duration.ofSeconds(10), 1000)).stdout();
    }
}
