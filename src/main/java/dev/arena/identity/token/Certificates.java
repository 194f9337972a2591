package dev.arena.identity.token;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API clients' Ed25519 certificates (public keys only), in {@code client_certificates}. */
@Repository
class Certificates {

    private static final RowMapper<Certificate> ROW = (rs, n) -> new Certificate(rs.getLong("id"), rs.getLong("client_id"),
            rs.getLong("org_id"), rs.getString("public_key"), Db.instant(rs, "created_at"), Db.nullableInstant(rs, "revoked_at"));

    private final JdbcClient jdbc;
    private final Ids ids;

    Certificates(JdbcClient jdbc, Ids ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /** A certificate; {@code publicKey} is the raw 32-byte key in base64url. */
    record Certificate(long id, long clientId, long orgId, String publicKey, Instant createdAt, @Nullable Instant revokedAt) {

        byte[] publicKeyBytes() {
            return Base64.getUrlDecoder().decode(publicKey);
        }
    }

    Certificate create(long clientId, long orgId, byte[] publicKey, Instant now) {
        var certificate = new Certificate(ids.next(), clientId, orgId, Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey),
                now, null);
        jdbc.sql("INSERT INTO client_certificates (id, client_id, org_id, public_key, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(certificate.id(), clientId, orgId, certificate.publicKey(), Db.ts(now)).update();
        return certificate;
    }

    List<Certificate> page(long clientId, long after, int limit) {
        return jdbc.sql("SELECT * FROM client_certificates WHERE client_id = ? AND id > ? ORDER BY id LIMIT ?")
                .params(clientId, after, limit).query(ROW).list();
    }

    Optional<Certificate> find(long clientId, long certificateId) {
        return jdbc.sql("SELECT * FROM client_certificates WHERE id = ? AND client_id = ?").params(certificateId, clientId)
                .query(ROW).optional();
    }

    /** The certificate if it exists and is not revoked. */
    Optional<Certificate> active(long certificateId) {
        return jdbc.sql("SELECT * FROM client_certificates WHERE id = ? AND revoked_at IS NULL").param(certificateId)
                .query(ROW).optional();
    }

    /** Marks a certificate revoked; false when it was revoked already (or is not the client's). */
    boolean revoke(long clientId, long certificateId, Instant now) {
        return jdbc.sql("UPDATE client_certificates SET revoked_at = ? WHERE id = ? AND client_id = ? AND revoked_at IS NULL")
                .params(Db.ts(now), certificateId, clientId).update() == 1;
    }

    /** Revokes every live certificate of a client; returns their ids. Locks them first, so each id is returned once. */
    List<Long> revokeAllOf(long clientId, Instant now) {
        List<Long> live = jdbc.sql("SELECT id FROM client_certificates WHERE client_id = ? AND revoked_at IS NULL FOR UPDATE")
                .param(clientId).query(Long.class).list();
        return live.stream().filter(id -> revoke(clientId, id, now)).toList();
    }
}
