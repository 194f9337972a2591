package dev.arena.identity;

import java.util.Locale;

/** What a user or team may do in a project; each role includes every role below it. */
public enum ProjectRole {
    READER, WRITER, MANAGER, ADMIN;

    /** Whether this role includes {@code other}. */
    public boolean atLeast(ProjectRole other) {
        return compareTo(other) >= 0;
    }

    /** The lowercase name used in JSON, tokens and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lowercase name; unknown names are an {@link IllegalArgumentException}. */
    public static ProjectRole fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
