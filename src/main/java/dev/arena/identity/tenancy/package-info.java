/** Organisations, members, invitations, teams, projects, grants, tiers and quotas. */
@NullMarked
package dev.arena.identity.tenancy;

import org.jspecify.annotations.NullMarked;
