package dev.arena.identity;

import java.util.Locale;

/** A member's standing in an organisation; each role includes every role below it. */
public enum OrgRole {
    MEMBER, ADMIN, OWNER;

    public boolean atLeast(OrgRole other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrgRole fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
