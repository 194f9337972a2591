-- Tokens: what V1 lacked once the token package was written.

-- A refresh hands out access tokens with the lifetime their family was minted with.
ALTER TABLE refresh_tokens ADD COLUMN access_ttl_seconds INT DEFAULT 3600 NOT NULL;
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);
CREATE INDEX used_assertions_by_expiry ON used_assertions (expires_at);

-- The certificate revocation list. It outlives the certificate rows (deleting a client deletes them) for
-- as long as a token minted from a revoked certificate could still be unexpired; every node keeps the
-- whole list in memory, so an access token is checked against it without touching the database.
CREATE TABLE revoked_certificates (
    certificate_id BIGINT                   NOT NULL PRIMARY KEY,
    revoked_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    keep_until     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX revoked_certificates_by_keep_until ON revoked_certificates (keep_until);
