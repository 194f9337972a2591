package dev.arena.evaluations;

import java.util.List;

/**
 * A language this node runs evaluations in.
 *
 * @param name       its name in submissions, e.g. {@code python3}
 * @param version    what runs it
 * @param image      the sandbox image (built locally by {@code scripts/images/})
 * @param fileName   the source's file name in the sandbox
 * @param runCommand the command that runs the source, naming it by {@code fileName} (the sandbox puts the
 *                   directory it delivered the source to in front)
 */
public record Language(String name, String version, String image, String fileName, List<String> runCommand) {

    public static final Language SHELL = new Language("shell", "busybox sh (POSIX)", "arena/busybox:1", "main.sh",
            List.of("sh", "main.sh"));
    public static final Language PYTHON3 = new Language("python3", "CPython 3.11 (Debian bookworm)", "arena/python:3", "main.py",
            List.of("python3", "main.py"));

    /** Every language, in the order {@code GET /v1/languages} lists them. */
    public static final List<Language> ALL = List.of(SHELL, PYTHON3);

    public Language {
        runCommand = List.copyOf(runCommand);
    }
}
