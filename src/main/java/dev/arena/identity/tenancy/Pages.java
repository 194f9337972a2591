package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityProblem;
import dev.arena.platform.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.function.ToLongFunction;

/** Keyset pagination over Snowflake ids: queries fetch one row more than a page to learn whether another follows. */
final class Pages {

    private Pages() {
    }

    /** A page from up to {@code limit + 1} rows ordered by id; the cursor is the last id shown. */
    static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return Page.of(rows);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(List.copyOf(page), Long.toString(id.applyAsLong(page.getLast())));
    }

    /** The id a {@code ?cursor=} names, or null for the first page. */
    static @Nullable Long cursor(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new IdentityProblem.Unacceptable("cursor", "The cursor is not one this API handed out.");
        }
    }
}
