package dev.arena.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The PostgreSQL every project machine runs (127.0.0.1:5432, database {@code test}, trust auth). Each test
 * run gets its own schema, so concurrent runs never see each other; it is dropped when the JVM exits. Test
 * classes point their context at it with {@link OnPostgres}.
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

    /** Gives each context of an {@link OnPostgres} class the {@link SchemaProperties}. */
    static final class Schema implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configurations) {
            return new SchemaProperties();
        }
    }

    /**
     * Points an application context at this run's schema, which Flyway creates and migrates. As a part of the
     * context cache key it keeps a PostgreSQL context apart from an H2 one that is otherwise configured alike.
     */
    record SchemaProperties() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("arenaTestPostgres", Map.of(
                    "spring.datasource.url", schemaUrl(),
                    "spring.datasource.username", USER,
                    "spring.datasource.password", "",
                    "spring.flyway.default-schema", SCHEMA,
                    "spring.flyway.schemas", SCHEMA,
                    "spring.flyway.create-schemas", "true")));
        }
    }
}
