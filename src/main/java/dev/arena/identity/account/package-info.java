/** Users, passwords (Argon2id), sessions, email verification and password reset. */
@NullMarked
package dev.arena.identity.account;

import org.jspecify.annotations.NullMarked;
