package dev.arena.identity.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.Ids;
import dev.arena.platform.PlatformSettings;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Project tokens over HTTP: minting for a signed-in user, refreshing, the client-credentials grant, the
 * project's revoke-all, and the public keys. Token answers use the OAuth member names and are never cached.
 */
@RestController
@Tag(name = "Tokens")
class TokenController {

    private final ProjectTokens tokens;
    private final SigningKeys keys;
    private final PlatformSettings platform;

    TokenController(ProjectTokens tokens, SigningKeys keys, PlatformSettings platform) {
        this.tokens = tokens;
        this.keys = keys;
        this.platform = platform;
    }

    /** What the caller asks for; {@code ttlSeconds} defaults to {@code arena.tokens.access-token-ttl}. */
    record MintRequest(@NotBlank @Size(max = 20) String role, @Nullable Integer ttlSeconds) {
    }

    record RefreshRequest(@JsonProperty("refresh_token") @NotBlank @Size(max = 200) String refreshToken) {
    }

    /** The client-credentials grant as JSON; the same fields as the form. */
    record ClientGrantRequest(@JsonProperty("grant_type") @Nullable String grantType,
                              @JsonProperty("client_assertion_type") @Nullable String clientAssertionType,
                              @JsonProperty("client_assertion") @Nullable String clientAssertion,
                              @JsonProperty("project_id") @Nullable String projectId,
                              @Nullable String role) {
    }

    /** An OAuth token response (RFC 6749 §5.1); no refresh token for API clients. */
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn,
                         @JsonProperty("refresh_token") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String refreshToken,
                         String scope) {

        static TokenResponse of(ProjectTokens.Granted granted) {
            return new TokenResponse(granted.accessToken(), "Bearer", granted.expiresIn(), granted.refreshToken(), granted.scope());
        }
    }

    record RevokeResponse(Instant tokensValidAfter, int refreshTokensRevoked) {
    }

    @PostMapping("/v1/orgs/{orgId}/projects/{projectId}/tokens")
    ResponseEntity<TokenResponse> mint(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId,
                                       @PathVariable String projectId, @Valid @RequestBody MintRequest body, HttpServletRequest request) {
        var granted = tokens.mint(caller, Ids.parse(orgId, "organisation"), Ids.parse(projectId, "project"), body.role(),
                body.ttlSeconds(), ip(request));
        return noStore(HttpStatus.CREATED, granted);
    }

    @PostMapping("/v1/tokens/refresh")
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        return noStore(HttpStatus.OK, tokens.refresh(body.refreshToken(), ip(request)));
    }

    @PostMapping(path = "/v1/tokens/client", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<TokenResponse> clientGrantForm(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        var grant = new ProjectTokens.ClientGrant(form.getFirst("grant_type"), form.getFirst("client_assertion_type"),
                form.getFirst("client_assertion"), form.getFirst("project_id"), form.getFirst("role"));
        return noStore(HttpStatus.OK, tokens.forClient(grant, ip(request)));
    }

    @PostMapping(path = "/v1/tokens/client", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> clientGrantJson(@RequestBody ClientGrantRequest body, HttpServletRequest request) {
        var grant = new ProjectTokens.ClientGrant(body.grantType(), body.clientAssertionType(), body.clientAssertion(),
                body.projectId(), body.role());
        return noStore(HttpStatus.OK, tokens.forClient(grant, ip(request)));
    }

    @PostMapping("/v1/projects/{projectId}/tokens/revoke")
    RevokeResponse revokeAll(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, HttpServletRequest request) {
        var revoked = tokens.revokeAll(caller, Ids.parse(projectId, "project"), ip(request));
        return new RevokeResponse(revoked.validAfter(), revoked.refreshTokensRevoked());
    }

    /** The public keys access tokens are signed with (RFC 7517), cacheable for a few minutes. */
    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Object> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(SigningKeys.JWKS_MAX_AGE).cachePublic()).body(keys.ring().jwks());
    }

    private static ResponseEntity<TokenResponse> noStore(HttpStatus status, ProjectTokens.Granted granted) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .body(TokenResponse.of(granted));
    }

    private String ip(HttpServletRequest request) {
        return ClientAddress.of(request, platform.trustedProxies());
    }
}
