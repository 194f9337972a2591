package dev.arena.platform;

import java.util.List;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One page of a cursor-paginated list: pass {@code nextCursor} back as {@code ?cursor=} for the next; null on
 * the last. Lists page by Snowflake id (keyset pagination): a query fetches rows with ids after the cursor,
 * in id order, one more than the page holds, to learn whether another page follows.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /** A list that always fits one page. */
    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }

    /** A page from up to {@code limit + 1} rows ordered by id; the cursor is the last id shown. */
    public static <T> Page<T> keyset(List<T> rows, int limit, ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return of(rows);
        }
        List<T> page = List.copyOf(rows.subList(0, limit));
        return new Page<>(page, Long.toString(id.applyAsLong(page.getLast())));
    }

    /**
     * The id a {@code ?cursor=} names, or {@link Long#MIN_VALUE} for the first page.
     *
     * @throws InvalidValue when the cursor is not one this API handed out
     */
    public static long after(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidValue("cursor", "The cursor is not one this API handed out.");
        }
    }

    /** The same page with each item mapped, e.g. to its JSON view. */
    public <R> Page<R> map(java.util.function.Function<T, R> view) {
        return new Page<>(items.stream().map(view).toList(), nextCursor);
    }
}
