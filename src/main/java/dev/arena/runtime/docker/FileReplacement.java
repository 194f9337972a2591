package dev.arena.runtime.docker;

import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ExecResult;
import dev.arena.runtime.spi.ExecSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Replaces a delivered file from inside a running container, with one exec as root. With every capability
 * dropped, root may not write a file of mode 0444 (no {@code CAP_DAC_OVERRIDE}), but it may create files in
 * the directory it owns and rename one over another: so the content goes to a new file that is then moved
 * over the old one, which is also what makes the replacement atomic. The content travels in the exec's
 * environment, never on a command line. The script says {@value #REPLACED} when it is done: that is how the
 * caller knows, without asking the engine for the exit code (one more call).
 */
final class FileReplacement {

    /**
     * The most content an exec carries: {@code execve} takes no environment string longer than 128 KiB
     * ({@code MAX_ARG_STRLEN}), and this leaves room for the variable's name.
     */
    static final int MAX_BYTES = (128 << 10) - 64;

    private static final String REPLACED = "replaced";
    private static final String MISSING = "missing";
    private static final String SCRIPT = """
            [ -f "$ARENA_FILE" ] || { echo %s; exit 1; }
            next="$ARENA_FILE.arena-$$"
            umask 0077
            if printf '%%s' "$ARENA_CONTENT" > "$next" && chmod "$ARENA_MODE" "$next" && mv -f "$next" "$ARENA_FILE"; then
              echo %s
            else
              rm -f "$next"
            fi
            """.formatted(MISSING, REPLACED);

    private FileReplacement() {
    }

    /**
     * The exec that replaces {@code file}.
     *
     * @throws IllegalArgumentException if the content is not UTF-8 text without NUL of at most {@value #MAX_BYTES} bytes
     */
    static ExecSpec exec(ContainerFile file, Duration timeout) {
        return new ExecSpec(List.of("sh", "-c", SCRIPT),
                Map.of("ARENA_FILE", file.path(), "ARENA_CONTENT", text(file), "ARENA_MODE", Integer.toOctalString(file.mode())),
                "0:0", "/", timeout, 2000, false);
    }

    /**
     * @throws IllegalArgumentException              if the container has no such file
     * @throws ContainerRuntimeException.EngineError if the exec did not replace it
     */
    static void check(String containerId, ContainerFile file, ExecResult result) {
        String said = result.stdout().strip();
        if (said.equals(MISSING)) {
            throw new IllegalArgumentException("container " + containerId + " has no file " + file.path());
        }
        if (!said.equals(REPLACED)) {
            throw new ContainerRuntimeException.EngineError("container " + containerId + " did not take its new " + file.path()
                    + (result.timedOut() ? " (timed out)" : "") + ": " + result.stderr().strip(), new IllegalStateException());
        }
    }

    private static String text(ContainerFile file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(file.content())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("file " + file.path() + " is not UTF-8 text: an exec cannot carry it", e);
        }
        if (text.indexOf('\0') >= 0 || file.content().length > MAX_BYTES) {
            throw new IllegalArgumentException("file " + file.path() + " holds a NUL or is over " + MAX_BYTES + " bytes: an exec cannot carry it");
        }
        return text;
    }
}
