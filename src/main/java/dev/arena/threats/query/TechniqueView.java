package dev.arena.threats.query;

import org.jspecify.annotations.Nullable;

/** An ATT&CK technique on an event: its id and name, and the rule (of which rules version) that assigned it. */
record TechniqueView(String id, @Nullable String name, String rule, String rulesVersion) {
}
