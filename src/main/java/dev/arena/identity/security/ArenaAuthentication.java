package dev.arena.identity.security;

import dev.arena.identity.ArenaPrincipal;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An authenticated caller as Spring Security holds it; {@link #getPrincipal()} is the {@link ArenaPrincipal}. */
final class ArenaAuthentication extends AbstractAuthenticationToken {

    private final ArenaPrincipal principal;

    ArenaAuthentication(ArenaPrincipal principal) {
        super(List.of());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public ArenaPrincipal getPrincipal() {
        return principal;
    }
}
