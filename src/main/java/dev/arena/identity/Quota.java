package dev.arena.identity;

import java.util.Locale;

/** The things an organisation's tier limits. */
public enum Quota {
    PROJECTS, MEMBERS, TEAMS, CLIENTS, CERTIFICATES;

    /** The lowercase name used in problem responses, metrics and the tiers table's {@code max_*} columns. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
