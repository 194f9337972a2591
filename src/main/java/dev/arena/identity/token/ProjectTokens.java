package dev.arena.identity.token;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.identity.security.Callers;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.TooManyRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out project tokens — to a signed-in user, on refresh, to an API client that proves itself — and
 * revokes all of a project's tokens at once.
 */
@Service
class ProjectTokens {

    private final ProjectAccess access;
    private final AccessTokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final Revocations revocations;
    private final ClientAssertions assertions;
    private final RateLimiter limiter;
    private final TokenSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    ProjectTokens(ProjectAccess access, AccessTokenIssuer issuer, RefreshTokens refreshTokens, Revocations revocations,
                  ClientAssertions assertions, RateLimiter limiter, TokenSettings settings, Clock clock,
                  ApplicationEventPublisher events, TransactionTemplate tx) {
        this.access = access;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.assertions = assertions;
        this.limiter = limiter;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /** Tokens handed out: {@code refreshToken} is null for an API client (it proves itself again instead). */
    record Granted(String accessToken, long expiresIn, @Nullable String refreshToken, String scope) {
    }

    /** The outcome of a revoke-all: tokens issued until {@code validAfter} are refused. */
    record Revoked(Instant validAfter, int refreshTokensRevoked) {
    }

    /**
     * Mints an access token and the first refresh token of a new family for the signed-in user.
     *
     * @throws IdentityProblem.CredentialNotAllowed when the caller is not a user session
     * @throws ResourceNotFound                     when the project is not the org's or the caller cannot see it
     * @throws IdentityProblem.Unacceptable         for an unknown role or a lifetime outside 60–86,400 s
     * @throws IdentityProblem.RoleRequired         when the caller's role on the project is below the one asked for
     */
    Granted mint(ArenaPrincipal caller, long orgId, long projectId, String roleName, @Nullable Integer ttlSeconds, String ip) {
        long userId = Callers.session(caller).userId();
        throttle("tokens-per-client", "tok:user:" + userId, settings.requestsPerClient(), ip);
        if (access.orgOf(projectId) != orgId) {
            throw new ResourceNotFound("project");
        }
        ProjectRole held = access.require(caller, projectId, ProjectRole.READER);
        ProjectRole role = role(roleName);
        Duration ttl = ttl(ttlSeconds);
        if (!held.atLeast(role)) {
            throw new IdentityProblem.RoleRequired(role.wireName());
        }
        RefreshTokens.Issued refresh = refreshTokens.issue(null, projectId, "user:" + userId, role, ttl, clock.instant(),
                settings.refreshTokenTtl());
        AccessTokenIssuer.Issued token = issuer.forUser(userId, refresh.familyId(), projectId, role, ttl);
        return new Granted(token.token(), ttl.toSeconds(), refresh.secret(), scope(projectId, role));
    }

    /**
     * Spends a refresh token for a new access token and the next refresh token of its family, after checking
     * that the user still holds the role. Presenting a spent token again revokes its whole family (RFC 9700
     * §4.14.2) and the access tokens it handed out — including when two refreshes race with one token: one
     * wins, the other is reuse.
     *
     * @throws IdentityProblem.TokenUnusable when the token is unknown, expired, revoked or spent, or the user
     *                                       lost the role (which revokes the family too)
     */
    Granted refresh(String secret, String ip) {
        throttle("tokens-per-ip", "tok:ip:" + ip, settings.requestsPerIp(), ip);
        Granted granted = tx.execute(status -> {
            Instant now = clock.instant();
            return switch (refreshTokens.spend(secret, now)) {
                case RefreshTokens.Spending.Spent spent -> successor(spent.token(), now, ip);
                case RefreshTokens.Spending.Reused reused -> {
                    revokeFamily(reused.token().familyId(), now);
                    events.publishEvent(new IdentityEvent.RefreshTokenReuseDetected(reused.token().familyId(),
                            reused.token().projectId(), reused.token().subject(), ip));
                    yield null;
                }
                case RefreshTokens.Spending.Unusable unusable -> null;
            };
        });
        if (granted == null) {
            throw new IdentityProblem.TokenUnusable("refresh token");
        }
        return granted;
    }

    private @Nullable Granted successor(RefreshTokens.RefreshToken spent, Instant now, String ip) {
        long userId = Long.parseLong(spent.subject().substring("user:".length()));
        throttle("tokens-per-client", "tok:user:" + userId, settings.requestsPerClient(), ip);
        try {
            access.require(new ArenaPrincipal.UserSession(userId, 0L), spent.projectId(), spent.role());
        } catch (ResourceNotFound | IdentityProblem.RoleRequired lost) {
            revokeFamily(spent.familyId(), now);
            return null;
        }
        AccessTokenIssuer.Issued token = issuer.forUser(userId, spent.familyId(), spent.projectId(), spent.role(), spent.accessTtl());
        RefreshTokens.Issued refresh = refreshTokens.issue(spent.familyId(), spent.projectId(), spent.subject(), spent.role(),
                spent.accessTtl(), now, settings.refreshTokenTtl());
        return new Granted(token.token(), spent.accessTtl().toSeconds(), refresh.secret(), scope(spent.projectId(), spent.role()));
    }

    /**
     * Revokes a family's refresh tokens and the access tokens they handed out. Of concurrent revocations of
     * one family, only the first revokes rows (the others wait on its row locks, then find none left), so the
     * family is listed once.
     */
    private void revokeFamily(long familyId, Instant now) {
        if (refreshTokens.revokeFamily(familyId, now) > 0) {
            revocations.revokeFamily(familyId, now);
        }
    }

    /** A client-credentials request (RFC 6749 §4.4 with an RFC 7523 assertion), its fields as sent. */
    record ClientGrant(@Nullable String grantType, @Nullable String assertionType, @Nullable String assertion,
                       @Nullable String projectId, @Nullable String role) {
    }

    /**
     * Mints an access token for an API client that proved itself with a signed assertion, scoped to a
     * project the client holds a grant on. No refresh token: the client signs a new assertion instead.
     *
     * @throws IdentityProblem.Unacceptable        for a missing or wrong field, named in the problem
     * @throws IdentityProblem.InvalidCredentials  when the assertion proves nothing (never says why)
     * @throws ResourceNotFound                    when the project is not the client's org's or it holds no grant
     * @throws IdentityProblem.RoleRequired        when the client's grant is below the role asked for
     */
    Granted forClient(ClientGrant grant, String ip) {
        throttle("tokens-per-ip", "tok:ip:" + ip, settings.requestsPerIp(), ip);
        require("grant_type", "client_credentials".equals(grant.grantType()), "must be client_credentials");
        require("client_assertion_type", ClientAssertions.TYPE.equals(grant.assertionType()), "must be " + ClientAssertions.TYPE);
        require("client_assertion", grant.assertion() != null && !grant.assertion().isBlank(), "is required: a JWT signed with the client's key");
        long projectId = projectId(grant.projectId());
        ProjectRole role = role(grant.role());
        ClientAssertions.Proven client = assertions.verify(grant.assertion(), clock.instant());
        throttle("tokens-per-client", "tok:client:" + client.clientId(), settings.requestsPerClient(), ip);
        if (access.orgOf(projectId) != client.orgId()) {
            throw new ResourceNotFound("project");
        }
        if (!access.clientRole(client.clientId(), projectId).atLeast(role)) {
            throw new IdentityProblem.RoleRequired(role.wireName());
        }
        Duration ttl = settings.accessTokenTtl();
        AccessTokenIssuer.Issued token = issuer.forClient(client.clientId(), client.certificateId(), projectId, role, ttl);
        return new Granted(token.token(), ttl.toSeconds(), null, scope(projectId, role));
    }

    /**
     * Revokes every access token of the project issued until now, and every live refresh token. Project
     * admins only; takes effect on this node at once and on the others within the revocation cache TTL.
     */
    Revoked revokeAll(ArenaPrincipal caller, long projectId, String ip) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        long orgId = access.orgOf(projectId);
        Instant now = clock.instant();
        Integer revoked = tx.execute(status -> {
            revocations.revokeProject(projectId, now);
            int refreshes = refreshTokens.revokeProject(projectId, now);
            events.publishEvent(new IdentityEvent.ProjectTokensRevoked(caller.user(), orgId, projectId, refreshes, ip));
            return refreshes;
        });
        return new Revoked(now, revoked == null ? 0 : revoked);
    }

    private Duration ttl(@Nullable Integer seconds) {
        if (seconds == null) {
            return settings.accessTokenTtl();
        }
        Duration ttl = Duration.ofSeconds(seconds);
        if (ttl.compareTo(TokenSettings.MIN_ACCESS_TTL) < 0 || ttl.compareTo(TokenSettings.MAX_ACCESS_TTL) > 0) {
            throw new IdentityProblem.Unacceptable("ttlSeconds", "ttlSeconds must be between 60 and 86400.");
        }
        return ttl;
    }

    private static ProjectRole role(@Nullable String name) {
        try {
            return ProjectRole.fromWire(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IdentityProblem.Unacceptable("role", "role must be one of reader, writer, manager, admin.");
        }
    }

    private static long projectId(@Nullable String text) {
        try {
            long id = text == null ? 0 : Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below: the field is named, whatever was wrong with it
        }
        throw new IdentityProblem.Unacceptable("project_id", "project_id must be a project's id.");
    }

    private static void require(String field, boolean ok, String rule) {
        if (!ok) {
            throw new IdentityProblem.Unacceptable(field, field + " " + rule + ".");
        }
    }

    private static String scope(long projectId, ProjectRole role) {
        return "project:" + projectId + ":" + role.wireName();
    }

    private void throttle(String name, String key, IdentitySettings.Limit limit, String ip) {
        RateLimiter.Decision decision = limiter.tryAcquire(key, limit.toLimit());
        if (!decision.allowed()) {
            events.publishEvent(new IdentityEvent.RateLimited(name, ip));
            throw new TooManyRequests(name, decision.retryAfter());
        }
    }
}
