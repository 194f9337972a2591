/** The HTTP security chain: who is calling (session cookie, bearer session or access token), CSRF, problems. */
@NullMarked
package dev.arena.identity.security;

import org.jspecify.annotations.NullMarked;
