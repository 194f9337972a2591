package dev.arena.runtime.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The labels every container and network Arena creates carries, so that reconciliation can tell Arena's
 * own containers from others and find the record each belongs to.
 *
 * @param kind    what the container is for, e.g. {@code instance} or {@code sandbox}
 * @param id      the id of the Arena record it belongs to, e.g. an instance id
 * @param project the project it belongs to
 * @param owner   who it runs for: a user or team id
 * @throws IllegalArgumentException if a value is blank, longer than 128 characters or not printable ASCII
 */
public record ArenaLabels(String kind, String id, String project, String owner) {

    public static final String KIND = "arena.kind";
    public static final String ID = "arena.id";
    public static final String PROJECT = "arena.project";
    public static final String OWNER = "arena.owner";

    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    public ArenaLabels {
        check(KIND, kind);
        check(ID, id);
        check(PROJECT, project);
        check(OWNER, owner);
    }

    /**
     * Reads the labels back from a container's or network's labels.
     *
     * @return the labels, or null if any of the four is missing or invalid (the object is not Arena's)
     */
    public static @Nullable ArenaLabels from(Map<String, String> labels) {
        try {
            return new ArenaLabels(labels.get(KIND), labels.get(ID), labels.get(PROJECT), labels.get(OWNER));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** The four labels as the engine stores them, in a fixed order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(KIND, kind);
        map.put(ID, id);
        map.put(PROJECT, project);
        map.put(OWNER, owner);
        return map;
    }

    private static void check(String label, @Nullable String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(label + " must be 1-128 printable ASCII characters without spaces, was: " + value);
        }
    }
}
