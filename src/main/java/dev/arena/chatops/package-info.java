/**
 * Chat-ops: the Discord face of Arena and what it shares with the console — the command layer with one
 * permission model ({@link dev.arena.chatops.ChatCommands}), scheduled actions on challenges and
 * containers ({@link dev.arena.chatops.ScheduleEvent}), runtime settings sealed at rest
 * ({@link dev.arena.chatops.SecretSettings}) and the donation-powered mech.
 */
@NullMarked
@ApplicationModule(displayName = "Chat-ops", allowedDependencies = {"identity", "instances", "evaluations", "threats", "runtime :: spi", "platform"})
package dev.arena.chatops;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
