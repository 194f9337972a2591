package dev.arena.instances;

import java.util.Locale;

/**
 * Where an action on instances came from, as the instance audit log records it: a person in the console, over
 * the API or in Discord, a chat-ops schedule, or Arena itself (expiry, reconciliation, a threat policy).
 */
public enum Origin {
    CONSOLE, API, DISCORD, SCHEDULE, ARENA;

    /** The lowercase name stored in {@code instance_audit.source}, as the chat-ops audit log spells its sources. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
