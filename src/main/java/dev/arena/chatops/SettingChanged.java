package dev.arena.chatops;

/** A runtime setting was set or removed; published in the changing transaction. Carries the name only, never the value. */
public record SettingChanged(String name) {
}
