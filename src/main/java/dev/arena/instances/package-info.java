/**
 * Challenges and the disposable instances players (or teams) run of them: start, status, extend, stop,
 * per-instance flags, the reaper and reconciliation against the container engine, and the instance audit
 * log. Its root package is what other modules may use: the {@link dev.arena.instances.InstanceEvent}s it
 * publishes, and the ports {@link dev.arena.instances.ChallengeControl}, {@link dev.arena.instances.PlayerInstances} and
 * {@link dev.arena.instances.ProjectChallenges}.
 */
@NullMarked
@ApplicationModule(displayName = "Challenge instances", allowedDependencies = {"identity", "runtime :: spi", "platform"})
package dev.arena.instances;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
