package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.identity.OrgRole;
import dev.arena.identity.Quota;
import dev.arena.identity.Quotas;
import dev.arena.identity.account.Emails;
import dev.arena.identity.account.Users;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Mail;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations by email. An invitation holds a member seat from the moment it is sent (the MEMBERS quota
 * counts pending invitations), carries a single-use token stored only as its digest, and expires after
 * {@code arena.identity.invitation-ttl}. It is accepted by a signed-in user whose normalised email is the
 * invited one; for anyone else the token is as unusable as a wrong one, and it stays valid for the invitee.
 */
@Service
class Invitations {

    static final String TOKEN_PREFIX = "ari_";

    record Invitation(long id, long orgId, String email, OrgRole role, long invitedBy, Instant createdAt, Instant expiresAt) {
    }

    private static final RowMapper<Invitation> ROW = (rs, n) -> new Invitation(rs.getLong("id"), rs.getLong("org_id"),
            rs.getString("email"), OrgRole.fromWire(rs.getString("role")), rs.getLong("invited_by"),
            Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"));

    private final JdbcClient jdbc;
    private final Quotas quotas;
    private final Members members;
    private final Users users;
    private final Mail mail;
    private final IdentitySettings settings;
    private final Ids ids;
    private final Clock clock;

    Invitations(JdbcClient jdbc, Quotas quotas, Members members, Users users, Mail mail, IdentitySettings settings, Ids ids,
                Clock clock) {
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.members = members;
        this.users = users;
        this.mail = mail;
        this.settings = settings;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Invites an address into an organisation and mails it the token. Admins invite; only owners invite owners.
     *
     * @throws IdentityProblem.QuotaExceeded when the tier has no member seat left (pending invitations hold seats)
     * @throws IdentityProblem.Conflict      when the address is already a member or already invited
     * @throws IdentityProblem.Unacceptable  when the address is not one
     */
    @Transactional
    Invitation invite(long actorId, long orgId, String email, OrgRole role) {
        String normal = Emails.normalise(email);
        quotas.reserve(orgId, Quota.MEMBERS);
        OrgRole actor = members.requireRole(actorId, orgId, OrgRole.ADMIN);
        if (role == OrgRole.OWNER && actor != OrgRole.OWNER) {
            throw new IdentityProblem.RoleRequired(OrgRole.OWNER.wireName());
        }
        requireNotYetIn(orgId, normal);
        Instant now = clock.instant();
        var invitation = new Invitation(ids.next(), orgId, normal, role, actorId, now, now.plus(settings.invitationTtl()));
        String token = Tokens.newSecret(TOKEN_PREFIX);
        jdbc.sql("""
                        INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(invitation.id(), orgId, normal, role.wireName(), Tokens.digest(token), actorId, Db.ts(now),
                        Db.ts(invitation.expiresAt()))
                .update();
        String orgName = orgName(orgId);
        mail.send(normal, "You are invited to " + orgName + " on Arena", """
                You are invited to join the organisation '%s' on Arena as %s.
                Sign in (or register) with this address and post the token to %s/v1/invitations/accept:

                %s

                It expires at %s.""".formatted(orgName, role.wireName(), settings.publicUrl(), token, invitation.expiresAt()));
        return invitation;
    }

    /** The invitations of an organisation that can still be accepted, oldest first. */
    Page<Invitation> pending(long orgId, long after, int limit) {
        List<Invitation> rows = jdbc.sql("""
                        SELECT * FROM invitations WHERE org_id = ? AND accepted_at IS NULL AND expires_at > ? AND id > ?
                        ORDER BY id FETCH FIRST ? ROWS ONLY""")
                .params(orgId, Db.ts(clock.instant()), after, limit + 1).query(ROW).list();
        return Page.keyset(rows, limit, Invitation::id);
    }

    /** Revokes a pending invitation, freeing its seat. @throws ResourceNotFound when there is no such pending one */
    @Transactional
    void revoke(long orgId, long invitationId) {
        int deleted = jdbc.sql("DELETE FROM invitations WHERE id = ? AND org_id = ? AND accepted_at IS NULL AND expires_at > ?")
                .params(invitationId, orgId, Db.ts(clock.instant())).update();
        if (deleted != 1) {
            throw new ResourceNotFound("invitation");
        }
    }

    /**
     * Accepts an invitation for the signed-in user: spends the token and makes the user a member with the
     * invited role. Returns the organisation's id.
     *
     * @throws IdentityProblem.TokenUnusable when the token is unknown, used, expired or was sent to another address
     * @throws IdentityProblem.Conflict      when the user is already a member (the token stays unspent)
     */
    @Transactional
    long accept(long userId, String token) {
        String email = users.byId(userId).orElseThrow(IdentityProblem.InvalidCredentials::new).email();
        String digest = Tokens.digest(token);
        Invitation invitation = jdbc.sql("SELECT * FROM invitations WHERE token_hash = ?").param(digest).query(ROW).optional()
                .orElseThrow(() -> new IdentityProblem.TokenUnusable("invitation"));
        // the org row first, like every other membership change, so an accept never deadlocks with one
        members.lock(invitation.orgId());
        Instant now = clock.instant();
        int spent = jdbc.sql("""
                        UPDATE invitations SET accepted_at = ?
                        WHERE id = ? AND email = ? AND accepted_at IS NULL AND expires_at > ?""")
                .params(Db.ts(now), invitation.id(), email, Db.ts(now)).update();
        if (spent != 1) {
            throw new IdentityProblem.TokenUnusable("invitation");
        }
        members.add(userId, invitation.orgId(), userId, invitation.role());
        return invitation.orgId();
    }

    /** Removes invitations past their expiry (accepted or not); returns how many. */
    int deleteExpired() {
        return jdbc.sql("DELETE FROM invitations WHERE expires_at <= ?").param(Db.ts(clock.instant())).update();
    }

    private void requireNotYetIn(long orgId, String email) {
        boolean member = jdbc.sql("SELECT COUNT(*) FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND u.email = ?")
                .params(orgId, email).query(Long.class).single() > 0;
        if (member) {
            throw new IdentityProblem.Conflict("That address is already a member of the organisation.");
        }
        boolean invited = jdbc.sql("SELECT COUNT(*) FROM invitations WHERE org_id = ? AND email = ? AND accepted_at IS NULL AND expires_at > ?")
                .params(orgId, email, Db.ts(clock.instant())).query(Long.class).single() > 0;
        if (invited) {
            throw new IdentityProblem.Conflict("That address already has a pending invitation; revoke it to invite again.");
        }
    }

    private String orgName(long orgId) {
        return jdbc.sql("SELECT name FROM orgs WHERE id = ?").param(orgId).query(String.class).single();
    }
}
