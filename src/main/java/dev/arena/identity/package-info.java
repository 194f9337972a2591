/**
 * Identity and tenancy: users, sessions, organisations, teams, projects and their grants, tier quotas,
 * project access tokens, API clients and rate limits. Its root package is what other modules may use:
 * {@link dev.arena.identity.ProjectAccess} to check a caller's role on a project, the principal types and
 * the {@link dev.arena.identity.IdentityEvent}s it publishes.
 */
@NullMarked
@ApplicationModule(displayName = "Identity and tenancy")
package dev.arena.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
