/**
 * The web console: server-rendered pages (Thymeleaf and htmx) for players and operators under
 * {@code /console}, signed in with the identity module's web session and CSRF token. It has no
 * operations of its own: every page calls another module's public API, which checks access.
 */
@NullMarked
@ApplicationModule(displayName = "Web console", allowedDependencies = {"identity", "instances", "evaluations", "threats", "chatops", "platform"})
package dev.arena.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
