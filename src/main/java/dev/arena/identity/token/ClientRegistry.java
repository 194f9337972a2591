package dev.arena.identity.token;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.Quota;
import dev.arena.identity.Quotas;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An organisation's API clients and their certificates. Members may look; admins and owners create,
 * delete and revoke. A client or certificate of another organisation is not found, whoever asks.
 */
@Service
class ClientRegistry {


    private final Clients clients;
    private final Certificates certificates;
    private final Revocations revocations;
    private final OrgAccess access;
    private final Quotas quotas;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    ClientRegistry(Clients clients, Certificates certificates, Revocations revocations, OrgAccess access, Quotas quotas,
                   Clock clock, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.clients = clients;
        this.certificates = certificates;
        this.revocations = revocations;
        this.access = access;
        this.quotas = quotas;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /** A new certificate; {@code privateKey} is set only when Arena generated the pair, and only in this answer. */
    record NewCertificate(Certificates.Certificate certificate, @Nullable String privateKey) {
    }

    /** @throws IdentityProblem.QuotaExceeded when the org's tier allows no more clients */
    Clients.Client create(ArenaPrincipal caller, long orgId, String name, String ip) {
        access.require(caller, orgId, OrgRole.ADMIN);
        return tx.execute(status -> {
            quotas.reserve(orgId, Quota.CLIENTS);
            Clients.Client client = clients.create(orgId, name.strip(), clock.instant());
            events.publishEvent(new IdentityEvent.ClientCreated(caller.user(), orgId, client.id(), client.name(), ip));
            return client;
        });
    }

    Page<Clients.Client> list(ArenaPrincipal caller, long orgId, @Nullable String cursor, int limit) {
        access.require(caller, orgId, OrgRole.MEMBER);
        return Page.keyset(clients.page(orgId, Page.after(cursor), limit + 1), limit, Clients.Client::id);
    }

    Clients.Client get(ArenaPrincipal caller, long orgId, long clientId) {
        access.require(caller, orgId, OrgRole.MEMBER);
        return clients.find(orgId, clientId).orElseThrow(() -> new ResourceNotFound("client"));
    }

    /** Deletes a client, its grants and its certificates, whose tokens are refused from now on. */
    void delete(ArenaPrincipal caller, long orgId, long clientId, String ip) {
        access.require(caller, orgId, OrgRole.ADMIN);
        tx.executeWithoutResult(status -> {
            clients.lock(orgId, clientId).orElseThrow(() -> new ResourceNotFound("client"));
            Instant now = clock.instant();
            List<Long> revoked = certificates.revokeAllOf(clientId, now);
            revocations.revokeCertificates(revoked, now);
            clients.delete(clientId);
            events.publishEvent(new IdentityEvent.ClientDeleted(caller.user(), orgId, clientId, revoked.size(), ip));
        });
    }

    /**
     * Adds a certificate to a client: the uploaded public key (base64url, raw 32 bytes), or a key pair
     * generated here whose private half is returned once and never stored.
     *
     * @throws IdentityProblem.Unacceptable  when neither or both are asked for, or the key is not an Ed25519 key
     * @throws IdentityProblem.QuotaExceeded when the org's tier allows no more certificates
     */
    NewCertificate addCertificate(ArenaPrincipal caller, long orgId, long clientId, @Nullable String publicKey,
                                  boolean generate, String ip) {
        access.require(caller, orgId, OrgRole.ADMIN);
        if ((publicKey == null) == !generate) {
            throw new IdentityProblem.Unacceptable("publicKey", "Send either publicKey (base64url, 32 bytes) or generate: true.");
        }
        EdDsa.KeyPair generated = generate ? EdDsa.generate() : null;
        byte[] key = generated != null ? generated.publicKey() : decodePublicKey(publicKey);
        Certificates.Certificate certificate = tx.execute(status -> {
            clients.lock(orgId, clientId).orElseThrow(() -> new ResourceNotFound("client"));
            quotas.reserve(orgId, Quota.CERTIFICATES);
            Certificates.Certificate created = certificates.create(clientId, orgId, key, clock.instant());
            events.publishEvent(new IdentityEvent.CertificateAdded(caller.user(), orgId, clientId, created.id(), generate, ip));
            return created;
        });
        if (generated == null) {
            return new NewCertificate(certificate, null);
        }
        String privateKey = Base64.getUrlEncoder().withoutPadding().encodeToString(generated.privateKey());
        EdDsa.wipe(generated.privateKey());
        return new NewCertificate(certificate, privateKey);
    }

    Page<Certificates.Certificate> certificates(ArenaPrincipal caller, long orgId, long clientId, @Nullable String cursor,
                                                int limit) {
        get(caller, orgId, clientId);
        return Page.keyset(certificates.page(clientId, Page.after(cursor), limit + 1), limit, Certificates.Certificate::id);
    }

    Certificates.Certificate certificate(ArenaPrincipal caller, long orgId, long clientId, long certificateId) {
        get(caller, orgId, clientId);
        return certificates.find(clientId, certificateId).orElseThrow(() -> new ResourceNotFound("certificate"));
    }

    /** Revokes a certificate: the client can no longer prove itself with it, and its tokens are refused. Idempotent. */
    void revokeCertificate(ArenaPrincipal caller, long orgId, long clientId, long certificateId, String ip) {
        access.require(caller, orgId, OrgRole.ADMIN);
        tx.executeWithoutResult(status -> {
            clients.find(orgId, clientId).orElseThrow(() -> new ResourceNotFound("client"));
            certificates.find(clientId, certificateId).orElseThrow(() -> new ResourceNotFound("certificate"));
            Instant now = clock.instant();
            if (certificates.revoke(clientId, certificateId, now)) {
                revocations.revokeCertificates(List.of(certificateId), now);
                events.publishEvent(new IdentityEvent.CertificateRevoked(caller.user(), orgId, clientId, certificateId, ip));
            }
        });
    }

    private static byte[] decodePublicKey(String text) {
        try {
            byte[] key = Base64.getUrlDecoder().decode(text.strip());
            if (EdDsa.isValidPublicKey(key)) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw new IdentityProblem.Unacceptable("publicKey", "publicKey must be a raw 32-byte Ed25519 public key in base64url.");
    }
}
