package dev.arena.instances.internal;

import dev.arena.platform.Page;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/** Keyset pagination over Snowflake ids: queries fetch one row more than a page to learn whether another follows. */
final class Paging {

    private Paging() {
    }

    static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return Page.of(rows);
        }
        List<T> page = List.copyOf(rows.subList(0, limit));
        return new Page<>(page, Long.toString(id.applyAsLong(page.getLast())));
    }

    /** The id a {@code ?cursor=} names, or null for the first page. */
    static @Nullable Long cursor(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InstancesProblem.Unacceptable("cursor", "The cursor is not one this API handed out.");
        }
    }
}
