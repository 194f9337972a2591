package dev.arena.identity.security;

import dev.arena.identity.ArenaPrincipal;
import java.util.Optional;

/** Checks a bearer access token (a JWT) and says whom it speaks for. */
public interface AccessTokenVerifier {

    /** The principal the token proves, or empty when it is forged, expired, revoked or malformed. */
    Optional<ArenaPrincipal.ProjectToken> verify(String jwt);
}
