/** Ed25519-signed project access tokens, JWKS, refresh-token families, API clients and certificates. */
@NullMarked
package dev.arena.identity.token;

import org.jspecify.annotations.NullMarked;
