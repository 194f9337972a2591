/**
 * Code evaluations: untrusted programs submitted over HTTP, queued durably in the database, run once each
 * in a single-use locked-down sandbox container, with their results kept. {@link
 * dev.arena.evaluations.EvaluationSettings} holds the settings, prefix {@code arena.evaluations}.
 */
@NullMarked
@ApplicationModule(displayName = "Code evaluations", allowedDependencies = {"identity", "runtime", "runtime::spi", "platform"})
package dev.arena.evaluations;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
