package dev.arena.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs an {@link ArenaTest} on this run's PostgreSQL schema ({@link Postgres}) instead of H2, and closes its
 * context after the class: contexts on one schema are nodes of one cluster, and a context left open would take
 * its share of the threat partitions — and sessionize, score and answer another class's events with its own
 * settings. Nested classes share the enclosing class's context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DirtiesContext
@ContextCustomizerFactories(Postgres.Schema.class)
public @interface OnPostgres {
}
