package dev.arena.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Moving instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns the same way on H2 and
 * PostgreSQL (both drivers speak {@link OffsetDateTime}; neither agrees on {@link Instant}), and telling the
 * two apart where their SQL differs.
 */
public final class Db {

    private Db() {
    }

    /** An instant as a bind parameter. */
    public static @Nullable OffsetDateTime ts(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A non-null timestamp column as an instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A nullable timestamp column as an instant, or null. */
    public static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Whether the data source is PostgreSQL; otherwise it is H2, Arena's embedded default. */
    public static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database Arena runs on", e);
        }
    }
}
