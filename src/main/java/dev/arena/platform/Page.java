package dev.arena.platform;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a cursor-paginated list: pass {@code nextCursor} back as {@code ?cursor=} for the next; null on the last. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /** A list that always fits one page. */
    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }
}
