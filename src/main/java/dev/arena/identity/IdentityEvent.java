package dev.arena.identity;

import org.jspecify.annotations.Nullable;

/**
 * What happened in identity, published in the transaction that made it happen, written to the audit
 * log, and consumed by the threat pipeline. Listeners must be idempotent: delivery is at-least-once.
 */
public sealed interface IdentityEvent {

    /** The user who acted, when known. */
    default @Nullable Long actorId() {
        return null;
    }

    /** The organisation concerned, when there is one. */
    default @Nullable Long orgId() {
        return null;
    }

    /** The client address the action came from, when it came over HTTP. */
    default @Nullable String ip() {
        return null;
    }

    /** A short description for the audit log; never contains a secret. */
    String describe();

    record UserRegistered(Long actorId, String email, String ip) implements IdentityEvent {
        public String describe() {
            return "registered " + email;
        }
    }

    record LoginSucceeded(Long actorId, long sessionId, String client, String ip) implements IdentityEvent {
        public String describe() {
            return "login (" + client + "), session " + sessionId;
        }
    }

    /** A failed login; {@code actorId} is set when the email names an existing user. */
    record LoginFailed(@Nullable Long actorId, String email, String ip) implements IdentityEvent {
        public String describe() {
            return "failed login for " + email;
        }
    }

    record RateLimited(String limit, String ip) implements IdentityEvent {
        public String describe() {
            return "rate limit " + limit + " reached";
        }
    }

    record SessionRevoked(Long actorId, long sessionId, String reason) implements IdentityEvent {
        public String describe() {
            return "session " + sessionId + " revoked: " + reason;
        }
    }

    record PasswordChanged(Long actorId, int otherSessionsRevoked) implements IdentityEvent {
        public String describe() {
            return "password changed, " + otherSessionsRevoked + " other sessions revoked";
        }
    }

    record EmailVerified(Long actorId) implements IdentityEvent {
        public String describe() {
            return "email verified";
        }
    }

    /** A spent refresh token was presented again: its whole family was revoked (RFC 9700 §4.14.2). */
    record RefreshTokenReuseDetected(long familyId, long projectId, String subject, String ip) implements IdentityEvent {
        public String describe() {
            return "refresh token reuse in family " + familyId + " of project " + projectId + " by " + subject;
        }
    }

    /** A member's org role or a subject's project grant changed; {@code from} or {@code to} is "none" when absent. */
    record RoleChanged(Long actorId, Long orgId, String target, String from, String to) implements IdentityEvent {
        public String describe() {
            return target + ": " + from + " -> " + to;
        }
    }

    /**
     * Who is in a team changed: {@code change} says how ({@code member 7 added}, {@code member 7 removed},
     * {@code deleted} with all its members). A member leaving the organisation leaves its teams too, told
     * by {@link RoleChanged} to {@code none}. Modules that cache team membership forget it on either.
     */
    record TeamMembersChanged(Long actorId, Long orgId, long teamId, String change) implements IdentityEvent {
        public String describe() {
            return "team " + teamId + " " + change;
        }
    }

    record OrgCreated(Long actorId, Long orgId, String name) implements IdentityEvent {
        public String describe() {
            return "organisation '" + name + "' created";
        }
    }

    record ProjectCreated(Long actorId, Long orgId, long projectId, String name) implements IdentityEvent {
        public String describe() {
            return "project " + projectId + " '" + name + "' created";
        }
    }

    /**
     * A project was deleted with everything in it (also for each project of a deleted organisation, before
     * {@link OrgDeleted}). Modules holding per-project state clean it up on this.
     */
    record ProjectDeleted(Long actorId, Long orgId, long projectId, String name) implements IdentityEvent {
        public String describe() {
            return "project " + projectId + " '" + name + "' deleted";
        }
    }

    /** An organisation was deleted with its members, teams, invitations, projects and clients. */
    record OrgDeleted(Long actorId, Long orgId, String name) implements IdentityEvent {
        public String describe() {
            return "organisation '" + name + "' deleted";
        }
    }

    /** An operator moved an organisation to another tier. */
    record TierChanged(Long actorId, Long orgId, String from, String to) implements IdentityEvent {
        public String describe() {
            return "tier " + from + " -> " + to;
        }
    }

    /**
     * Every access token of a project issued until now was revoked, and its live refresh tokens with them;
     * {@code actorId} is null when an API client's token did it.
     */
    record ProjectTokensRevoked(@Nullable Long actorId, Long orgId, long projectId, int refreshTokensRevoked, String ip)
            implements IdentityEvent {
        public String describe() {
            return "all tokens of project " + projectId + " revoked (" + refreshTokensRevoked + " refresh tokens)";
        }
    }

    record ClientCreated(Long actorId, Long orgId, long clientId, String name, String ip) implements IdentityEvent {
        public String describe() {
            return "API client " + clientId + " '" + name + "' created";
        }
    }

    /** An API client was deleted; its certificates were revoked with it. */
    record ClientDeleted(Long actorId, Long orgId, long clientId, int certificatesRevoked, String ip) implements IdentityEvent {
        public String describe() {
            return "API client " + clientId + " deleted, " + certificatesRevoked + " certificates revoked";
        }
    }

    /** A client got a certificate: an uploaded public key, or a key pair Arena generated ({@code generated}). */
    record CertificateAdded(Long actorId, Long orgId, long clientId, long certificateId, boolean generated, String ip)
            implements IdentityEvent {
        public String describe() {
            return "certificate " + certificateId + (generated ? " generated" : " uploaded") + " for API client " + clientId;
        }
    }

    /** A certificate was revoked: access tokens minted with it are refused from now on. */
    record CertificateRevoked(Long actorId, Long orgId, long clientId, long certificateId, String ip) implements IdentityEvent {
        public String describe() {
            return "certificate " + certificateId + " of API client " + clientId + " revoked";
        }
    }
}
