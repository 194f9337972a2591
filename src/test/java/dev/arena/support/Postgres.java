package dev.arena.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL every project machine runs (127.0.0.1:5432, database {@code test}, trust auth). Each test
 * run gets its own schema, so concurrent runs never see each other; it is dropped when the JVM exits. The
 * classes that point their context at it close it after themselves ({@code @DirtiesContext}): contexts on one
 * schema are nodes of one cluster, and a context left open would take its share of the threat partitions —
 * and sessionize, score and answer another class's events with its own settings.
 */
public final class Postgres {

    public static final String URL = System.getProperty("arena.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("arena.test.postgres.user", "postgres");
    static final String SCHEMA = "arena_test_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Postgres::dropSchema));
    }

    private Postgres() {
    }

    /** Points the application context at this run's schema, which Flyway creates and migrates. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::schemaUrl);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.create-schemas", () -> "true");
    }

    /** The JDBC URL of this run's schema, for a second connection pool on the schema a context migrated. */
    public static String schemaUrl() {
        return URL + "?currentSchema=" + SCHEMA;
    }

    private static void dropSchema() {
        try (var connection = DriverManager.getConnection(URL, USER, "");
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + SCHEMA + ": " + e.getMessage());
        }
    }
}
