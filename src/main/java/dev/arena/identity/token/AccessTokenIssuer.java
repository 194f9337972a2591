package dev.arena.identity.token;

import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Signs access tokens with the current signing key. No database work: the key ring is in memory. */
@Component
class AccessTokenIssuer {

    private final AccessTokens format;
    private final SigningKeys keys;
    private final Ids ids;

    AccessTokenIssuer(AccessTokens format, SigningKeys keys, Ids ids) {
        this.format = format;
        this.keys = keys;
        this.ids = ids;
    }

    /** A signed token and what it says. */
    record Issued(String token, AccessTokens.Claims claims) {
    }

    /** A token for a user, from a refresh family, good for {@code ttl} (whole seconds). */
    Issued forUser(long userId, long familyId, long projectId, ProjectRole role, Duration ttl) {
        return issue(projectId, role, userId, null, null, familyId, ttl);
    }

    /** A token for an API client, tied to the certificate that proved the client. */
    Issued forClient(long clientId, long certificateId, long projectId, ProjectRole role, Duration ttl) {
        return issue(projectId, role, null, clientId, certificateId, null, ttl);
    }

    private Issued issue(long projectId, ProjectRole role, @Nullable Long userId, @Nullable Long clientId,
                         @Nullable Long certificateId, @Nullable Long familyId, Duration ttl) {
        long tokenId = ids.next();
        Instant expiresAt = Instant.ofEpochSecond(Ids.timeOf(tokenId).getEpochSecond() + ttl.toSeconds());
        var claims = new AccessTokens.Claims(tokenId, projectId, role, userId, clientId, certificateId, familyId, expiresAt);
        return new Issued(format.sign(keys.signingKey(), claims), claims);
    }
}
