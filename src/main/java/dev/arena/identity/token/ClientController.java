package dev.arena.identity.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.PlatformSettings;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API clients and their certificates: {@code /v1/orgs/{orgId}/clients/...}. */
@RestController
@Tag(name = "API clients")
class ClientController {

    private final ClientRegistry registry;
    private final PlatformSettings platform;

    ClientController(ClientRegistry registry, PlatformSettings platform) {
        this.registry = registry;
        this.platform = platform;
    }

    record NewClient(@NotBlank @Size(max = 100) String name) {
    }

    record ClientView(String id, String orgId, String name, Instant createdAt) {
        static ClientView of(Clients.Client c) {
            return new ClientView(Long.toString(c.id()), Long.toString(c.orgId()), c.name(), c.createdAt());
        }
    }

    /** Upload {@code publicKey} (base64url, raw 32-byte Ed25519; preferred) or ask Arena to {@code generate} a pair. */
    record NewCertificateRequest(@Nullable @Size(max = 100) String publicKey, @Nullable Boolean generate) {
    }

    /**
     * A certificate. Its {@code id} is the {@code kid} the client puts in its assertions' header;
     * {@code privateKey} appears only in the answer that generated it.
     */
    record CertificateView(String id, String clientId, String publicKey, Instant createdAt, @Nullable Instant revokedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String privateKey) {
        static CertificateView of(Certificates.Certificate c, @Nullable String privateKey) {
            return new CertificateView(Long.toString(c.id()), Long.toString(c.clientId()), c.publicKey(), c.createdAt(),
                    c.revokedAt(), privateKey);
        }
    }

    @PostMapping("/v1/orgs/{orgId}/clients")
    @ResponseStatus(HttpStatus.CREATED)
    ClientView create(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @Valid @RequestBody NewClient body,
                      HttpServletRequest request) {
        return ClientView.of(registry.create(caller, org(orgId), body.name(), ip(request)));
    }

    @GetMapping("/v1/orgs/{orgId}/clients")
    Page<ClientView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                          @RequestParam(required = false) @Nullable String cursor, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Page<Clients.Client> page = registry.list(caller, org(orgId), cursor, limit);
        return page.map(ClientView::of);
    }

    @GetMapping("/v1/orgs/{orgId}/clients/{clientId}")
    ClientView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String clientId) {
        return ClientView.of(registry.get(caller, org(orgId), client(clientId)));
    }

    @DeleteMapping("/v1/orgs/{orgId}/clients/{clientId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @PathVariable String clientId,
                                HttpServletRequest request) {
        registry.delete(caller, org(orgId), client(clientId), ip(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/orgs/{orgId}/clients/{clientId}/certificates")
    ResponseEntity<CertificateView> addCertificate(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                                   @PathVariable String clientId, @Valid @RequestBody NewCertificateRequest body,
                                                   HttpServletRequest request) {
        var created = registry.addCertificate(caller, org(orgId), client(clientId), body.publicKey(),
                Boolean.TRUE.equals(body.generate()), ip(request));
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(CertificateView.of(created.certificate(), created.privateKey()));
    }

    @GetMapping("/v1/orgs/{orgId}/clients/{clientId}/certificates")
    Page<CertificateView> certificates(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                       @PathVariable String clientId, @RequestParam(required = false) @Nullable String cursor,
                                       @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Page<Certificates.Certificate> page = registry.certificates(caller, org(orgId), client(clientId), cursor, limit);
        return page.map(c -> CertificateView.of(c, null));
    }

    @GetMapping("/v1/orgs/{orgId}/clients/{clientId}/certificates/{certificateId}")
    CertificateView certificate(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                @PathVariable String clientId, @PathVariable String certificateId) {
        return CertificateView.of(registry.certificate(caller, org(orgId), client(clientId), Ids.parse(certificateId, "certificate")), null);
    }

    @DeleteMapping("/v1/orgs/{orgId}/clients/{clientId}/certificates/{certificateId}")
    ResponseEntity<Void> revokeCertificate(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                           @PathVariable String clientId, @PathVariable String certificateId,
                                           HttpServletRequest request) {
        registry.revokeCertificate(caller, org(orgId), client(clientId), Ids.parse(certificateId, "certificate"), ip(request));
        return ResponseEntity.noContent().build();
    }

    private static long org(String id) {
        return Ids.parse(id, "organisation");
    }

    private static long client(String id) {
        return Ids.parse(id, "client");
    }

    private String ip(HttpServletRequest request) {
        return ClientAddress.of(request, platform.trustedProxies());
    }
}
